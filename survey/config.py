"""Package defaults: the first configuration layer.

Later layers override these: ``instance/config.py``, then ``SURVEY_*`` environment
variables, then the test configuration. There is deliberately no ``SECRET_KEY`` here.
"""

# None means "a SQLite file in the instance folder" (resolved in create_app).
DATABASE_URL = None

# Interface languages; questionnaire text has its own languages per training.
LANGUAGES = ["fr", "en", "ar"]
BABEL_DEFAULT_LOCALE = "fr"
BABEL_DEFAULT_TIMEZONE = "UTC"

# A participant may open the form in the morning session and send it in the evening,
# or queue it offline for a day: a one-hour CSRF token (the Flask-WTF default) would
# reject those answers. The form re-renders with answers kept when a token is stale.
WTF_CSRF_TIME_LIMIT = 3 * 24 * 3600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Groups smaller than this are hidden in breakdowns.
MIN_CELL_SIZE = 5

# Length of the public form code in /s/<code>.
FORM_CODE_LENGTH = 6
