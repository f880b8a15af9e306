"""Trainer pages: trainings, their public links, live figures."""
