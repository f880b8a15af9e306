"""Browser tests: a live server and headless Chromium (see conftest.py)."""
