"""One settings module, configured from the environment (12-factor)."""

import datetime
from pathlib import Path

import environ

from thidua.core.secrets import local_secret_key

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(environ.Env().str("THIDUA_VAR_DIR", default=str(BASE_DIR.parent / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    SECURE_SSL_REDIRECT=(bool, False),
)

DEBUG = env("DEBUG")
SECRET_KEY = env.str("SECRET_KEY", default="") or local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
# The audit chain's MAC key lives outside the database (environment or var/audit_key); its checkpoint file too
# (default: one per database under var/, see thidua.audit.services.checkpoint_path).
AUDIT_KEY = env.str("THIDUA_AUDIT_KEY", default="") or local_secret_key(VAR_DIR, "audit_key")
AUDIT_CHECKPOINT = env.str("THIDUA_AUDIT_CHECKPOINT", default="")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "tree_queries",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "mozilla_django_oidc",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "thidua.core",
    "thidua.audit",
    "thidua.accounts",
    "thidua.organization",
    "thidua.councils",
    "thidua.initiatives",
    "thidua.awards",
    "thidua.nominations",
    "thidua.movements",
    "thidua.publicity",
    "thidua.notifications",
    "thidua.inspections",
    "thidua.reports",
    "thidua.rules",
    "thidua.policy",
    "thidua.home",
    "thidua.api",
    "thidua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "thidua.core.middleware.RequestSizeLimitMiddleware",  # before anything reads the body (CSRF reads POST)
    "thidua.api.bounds.ApiBoundsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thidua.accounts.middleware.SessionLimitsMiddleware",
    "thidua.accounts.middleware.TwoFactorMiddleware",
    "thidua.audit.middleware.DownloadAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["thidua.awards.templatetags.awards"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # writers queue behind a long import instead of failing with "database is locked"
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                            f"PRAGMA busy_timeout={env.int('SQLITE_BUSY_TIMEOUT_MS', default=30000)};",
            "transaction_mode": "IMMEDIATE",
        }
    )
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Rate-limit counters (API throttles) must be shared by every worker process: the cache is a table of the database
# (made by `migrate`) unless CACHE_URL names another shared cache (e.g. redis://…); never per-process memory.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://thidua_cache")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "thidua.accounts.backends.LockoutBackend",  # first: a locked-out account is refused before any password check
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in: lockout after repeated failures (django-axes), session lifetimes, two-factor (django-otp), SSO.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # an account, whatever address guesses come from; an address spraying many
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
SESSION_COOKIE_AGE = env.int("SESSION_MAX_SECONDS", default=10 * 3600)  # absolute lifetime: one working day
THIDUA_SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
THIDUA_REQUIRE_2FA = env.bool("THIDUA_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "thidua"
# Single sign-on against LDAP / Active Directory (django-auth-ldap), on when LDAP_SERVER_URI is set.
AUTH_LDAP_SERVER_URI = env.str("LDAP_SERVER_URI", default="")
AUTH_LDAP_BIND_DN = env.str("LDAP_BIND_DN", default="")
AUTH_LDAP_BIND_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="")
AUTH_LDAP_USER_DN_TEMPLATE = env.str("LDAP_USER_DN_TEMPLATE", default="") or None  # uid=%(user)s,ou=people,dc=…
AUTH_LDAP_USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
AUTH_LDAP_START_TLS = env.bool("LDAP_START_TLS", default=False)
THIDUA_LDAP_USER_SEARCH_BASE = env.str("LDAP_USER_SEARCH_BASE", default="")
THIDUA_LDAP_GROUP_SEARCH_BASE = env.str("LDAP_GROUP_SEARCH_BASE", default="")
THIDUA_LDAP_PERSON_CODE_ATTR = env.str("LDAP_PERSON_CODE_ATTR", default="employeeNumber")
THIDUA_LDAP_GROUP_PREFIX = env.str("LDAP_GROUP_PREFIX", default="thidua_")
if AUTH_LDAP_SERVER_URI:
    from thidua.accounts.directory import ldap_search_settings

    globals().update(ldap_search_settings(THIDUA_LDAP_USER_SEARCH_BASE, THIDUA_LDAP_GROUP_SEARCH_BASE,
                                          env.str("LDAP_USER_FILTER", default="(uid=%(user)s)")))
    AUTHENTICATION_BACKENDS.insert(1, "thidua.accounts.backends.DirectoryBackend")
# Single sign-on through an OpenID Connect provider (mozilla-django-oidc), on when OIDC_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile thidua")
THIDUA_OIDC_PERSON_CLAIM = env.str("OIDC_PERSON_CLAIM", default="employee_number")
THIDUA_OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.insert(1, "thidua.accounts.backends.OidcBackend")
THIDUA_API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
THIDUA_API_TOKEN_MAX_DAYS = 366
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thidua.formats"]  # dd/mm/yyyy and 24-hour times in Vietnamese; see thidua/formats/

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # vendored Bootstrap and htmx, our CSS: nothing from a CDN
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Uploads: imports are capped by THIDUA_IMPORT_MAX_BYTES; Django keeps bigger bodies on disk.
THIDUA_IMPORT_MAX_BYTES = env.int("THIDUA_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
THIDUA_FONT_DIR = env("THIDUA_FONT_DIR", default="/usr/share/fonts/truetype/dejavu")  # Debian fonts-dejavu-*
THIDUA_UPLOAD_MAX_BYTES = env.int("THIDUA_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# E-mail (reminders and the daily digest) through an SMTP server given by the environment; without
# EMAIL_HOST mail goes to the console so a local `make run` sends nothing out.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thidua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
THIDUA_BASE_URL = env.str("THIDUA_BASE_URL", default="http://127.0.0.1:8000")  # links in e-mails
THIDUA_IMPORT_BACKGROUND_ROWS = env.int("THIDUA_IMPORT_BACKGROUND_ROWS", default=2000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Every request body is refused by its declared size before it is read (413); uploads are the biggest bodies.
THIDUA_REQUEST_MAX_BYTES = env.int("THIDUA_REQUEST_MAX_BYTES", default=max(THIDUA_IMPORT_MAX_BYTES, THIDUA_UPLOAD_MAX_BYTES)
                                    + 1024 * 1024)
THIDUA_API_ANON_MAX_BYTES = env.int("THIDUA_API_ANON_MAX_BYTES", default=64 * 1024)
THIDUA_API_ANON_RATE = env.str("THIDUA_API_ANON_RATE", default="30/m")
THIDUA_API_USER_RATE = env.str("THIDUA_API_USER_RATE", default="600/m")
THIDUA_IMPORT_MAX_ROWS = env.int("THIDUA_IMPORT_MAX_ROWS", default=200_000)
THIDUA_IMPORT_MAX_COLUMNS = env.int("THIDUA_IMPORT_MAX_COLUMNS", default=50)
THIDUA_IMPORT_MAX_CELL_CHARS = env.int("THIDUA_IMPORT_MAX_CELL_CHARS", default=2000)
THIDUA_XLSX_MAX_UNCOMPRESSED_BYTES = env.int("THIDUA_XLSX_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
THIDUA_IMPORT_MAX_REPORTED_ERRORS = 200
THIDUA_IMPORT_MAX_ERRORS = env.int("THIDUA_IMPORT_MAX_ERRORS", default=2000)
# Imports write in short transactions of this many rows (undone together if one fails), pausing between them on
# SQLite so waiting web writes get the lock: at least the 100 ms SQLite's busy handler sleeps between its tries, so a
# waiting writer always tries once inside the pause. A batch untouched this long was cut off and is undone.
THIDUA_IMPORT_CHUNK_ROWS = env.int("THIDUA_IMPORT_CHUNK_ROWS", default=500)
THIDUA_IMPORT_CHUNK_PAUSE_SECONDS = env.float("THIDUA_IMPORT_CHUNK_PAUSE_SECONDS", default=0.1)
THIDUA_IMPORT_STALE_SECONDS = env.int("THIDUA_IMPORT_STALE_SECONDS", default=15 * 60)

# Security: strict by default, relaxed only for local plain-HTTP serving (see README).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
_secure_cookies = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)  # a commitment: set it once the domain is submitted
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
