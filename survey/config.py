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

# Rate limits (Flask-Limiter syntax). Counters are per process unless
# RATELIMIT_STORAGE_URI points at a shared store, e.g. "redis://localhost:6379/0".
RATELIMIT_STORAGE_URI = "memory://"
# If Redis is down, keep serving (counting in memory meanwhile): a participant's answers
# matter more than a rate limit.
RATELIMIT_SWALLOW_ERRORS = True
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
# Failed logins only; ASVS asks for at most 100 failed attempts per hour per account.
# A moving window counts the last hour, whatever the clock says: a fixed window would let
# twice the limit through around the top of the hour.
RATELIMIT_STRATEGY = "moving-window"
LOGIN_LIMIT_PER_ACCOUNT = "20 per hour"
LOGIN_LIMIT_PER_ADDRESS = "100 per hour"
# All failed logins of the site together, whichever account and address: guesses spread
# over many accounts from many addresses (password spraying). A few trainers mistyping
# stay far below it; while it is reached, everyone waits a minute.
LOGIN_LIMIT_OVERALL = "30 per minute"
# Per form code, not per address: a room of 60 phones often shares one NAT address.
# Only posts carrying the form's own token count here.
SUBMISSION_LIMIT_PER_FORM = "600 per minute"
# Posts without a token signed for the form (junk, forgeries), per address: they do not
# count against the room, so this is what keeps them from taking the server's time.
SUBMISSION_LIMIT_INVALID_PER_ADDRESS = "60 per minute"

# Behind a reverse proxy (nginx) that sets X-Forwarded-For/-Proto/-Host: trust one hop.
PROXY_FIX = False
# Served over HTTPS: Secure cookies and HSTS. On by default outside debug and testing.
HTTPS = None

# Outgoing mail for reports sent to donors (set these in instance/config.py).
MAIL_SERVER = None
MAIL_PORT = 587
MAIL_USE_TLS = True
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_SENDER = None

# How many bytes a request may send, read from its Content-Length before its body: a
# participant's answers (about 125 KB at most, every text answer as long as allowed in
# four-byte characters), the project settings with two logos of at most 1 MB each (as
# nginx's client_max_body_size), and every other page. A larger post is answered 413
# without being read.
MAX_CONTENT_LENGTH = 1024 * 1024
FORM_MAX_CONTENT_LENGTH = 256 * 1024
UPLOAD_MAX_CONTENT_LENGTH = 4 * 1024 * 1024

# The address participants and donors are given (form links, QR codes, the poster,
# donor links), e.g. "https://retour.example.org". Never taken from the request's Host
# header, which the visitor chooses. Unset: SERVER_NAME if set, else the local demo's.
PUBLIC_BASE_URL = None

# Kiosk mode (a shared tablet, /s/<code>?kiosk=1): a form left half-filled this long
# without a touch asks "Are you still there?", then is cleared after the warning.
KIOSK_IDLE_SECONDS = 180
KIOSK_WARNING_SECONDS = 30

# Rendered PDF reports kept in memory (least recently used dropped first).
REPORT_CACHE_SIZE = 32

# Language of the flask commands' messages (fr, en or ar).
CLI_LANGUAGE = "en"
