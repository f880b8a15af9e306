"""Donor reports: plain data -> HTML -> PDF with WeasyPrint."""
