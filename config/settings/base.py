"""Settings shared by every environment; what varies is read from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SASAEAI_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    # Two-factor sign-in (issue #21): TOTP apps and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "sasaeai.core",
    "sasaeai.accounts",
    "sasaeai.areas",
    "sasaeai.staff",
    "sasaeai.notices",
    "sasaeai.resources",
    "sasaeai.councils",
    "sasaeai.analysis",
    "sasaeai.activities",
    "sasaeai.plans",
    "sasaeai.projects",
    "sasaeai.dialogues",
    "sasaeai.residents",
    "sasaeai.opendata",
    "sasaeai.portal",
    "sasaeai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Per-address limits on the public pages (RATE_LIMITS below), before any view's work.
    "sasaeai.core.ratelimit.RateLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # user.is_verified(): signed in with the second factor in this session (django-otp); then
    # a user who has it, or must have it, reaches nothing else until verified or set up.
    "django_otp.middleware.OTPMiddleware",
    "sasaeai.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An upload over UPLOAD_MAX_BYTES is refused from its Content-Length, unread (a message).
    "sasaeai.core.uploads.UploadLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Content-Security-Policy (django-csp's middleware, CONTENT_SECURITY_POLICY below, with the
    # map tile server added) and Permissions-Policy.
    "sasaeai.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the login page with the notice.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sasaeai.core.context_processors.site",
                "sasaeai.notices.context_processors.notices",
            ],
        },
    },
]


# Empty-field messages name the field (「開催日を入力してください。」) in every form.
FORM_RENDERER = "sasaeai.utils.forms.FormRenderer"


def database_from_env() -> dict[str, Any]:
    """DATABASE_URL when set, else the embedded SQLite file under var/ (WAL, busy timeout)."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sasaeai.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        # The test database copies a template made with LOCALE 'C.UTF-8' (see .ci/run), so
        # pg_trgm builds trigrams for Japanese text.
        template = os.environ.get("DATABASE_TEST_TEMPLATE", "template0")
        config["TEST"] = {"TEMPLATE": template, "CHARSET": "UTF8"}
        # Parameters bound by the server, so psycopg prepares a statement the fifth time a
        # connection runs it: planning the residents' search took twice as long as running it.
        # Options given in DATABASE_URL (e.g. ?sslmode=require) are kept. Behind a pooler in
        # transaction mode (pgbouncer), set prepare_threshold to None.
        config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Django's validators, whose messages Django translates (django/conf/locale/ja). Everyone who
# signs in is staff with access to residents' personal data, many by password alone (a second
# factor is optional but for the roles TWO_FACTOR_REQUIRED names): at least 12 characters rather
# than Django's 8, long enough for a passphrase (「kawa-no-nagare-2026」) and short enough to type
# on a shared office PC.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out user name or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: 5 wrong passwords for one user name, or from one address (across user names), within
# 15 minutes lock that name or address for 15 minutes from the last failure; a successful
# sign-in clears the count. `sasaeai axes_reset` (or axes_reset_username NAME) unlocks at once.
# Attempts are kept in the database (AxesDatabaseHandler), so every server process agrees.
# The address is the rate limits' (behind a reverse proxy, set RATE_LIMIT_TRUSTED_PROXIES, or
# everyone shares the proxy's address and one person's mistakes lock out the whole office).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sasaeai.accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "sasaeai.accounts.lockout.lockout_address"
# No 「AXES: BEGIN …」 line at every start: `run-due` from cron would mail it every minute.
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
# Two-factor sign-in (sasaeai/accounts/two_factor.py). Whoever has set it up gives a code after
# the password; municipal admins, layer-1 coordinators and site operators must set it up when
# TWO_FACTOR_REQUIRED is on (production's default; roles only in the demo city are exempt).
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "false").lower() == "true"
OTP_TOTP_ISSUER = "sasaeai"
# Wrong codes count in django-axes' lockout with wrong passwords (5 in 15 minutes). django-otp's
# own throttle would also refuse the *right* code for a while after a typo, saying nothing.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Axes keeps each failure's form fields; a wrong code is masked like a password (a typo of a
# recovery code is most of a real one). The first two are axes' defaults.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "uploads"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Personal data (contacts of ended resources, members' addresses after their term, activities'
# named people, import files) is purged this many years after the record ended, unless the
# municipal admin sets another period (Municipality.personal_data_retention_years,
# sasaeai.core.retention) to follow its own 文書管理規程.
PERSONAL_DATA_RETENTION_YEARS_DEFAULT = 5
# Files made by background jobs that hold personal data (the 確認票 batch: kinds in
# core.access_log.PERSONAL_FILE_KINDS) are deleted, row and stored file, this many days after
# they were made (daily job generated_personal_files_prune); they can be made again at any time.
GENERATED_PERSONAL_FILE_DAYS = int(os.environ.get("GENERATED_PERSONAL_FILE_DAYS", "7"))
# Uploaded files are never served by URL; only permission-checked views stream them.
MEDIA_URL: str | None = None
MEDIA_ROOT = VAR_DIR / "uploads"
# Uploads (issue #20). UPLOAD_MAX_BYTES is the largest file any form takes (import files,
# council materials, newsletter PDFs: 20MB; a form may take less). A request whose
# Content-Length is over it plus 1MB for the form's other fields is refused before a byte of it
# is read (sasaeai.core.uploads.UploadLimitMiddleware): the page it came from shows the limit.
# Behind nginx, client_max_body_size should be at least 21m so that the message is ours.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# An upload up to this size is kept in memory; a larger one goes to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Form fields other than files (a pasted GeoJSON boundary): above this, Django answers 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Import files (sasaeai/utils/table_reader.py), checked before they are parsed; the error names
# the caps. An uploaded import file (and any .xlsx) is at most IMPORT_MAX_BYTES. An .xlsx is a
# zip: its members may unpack to IMPORT_MAX_UNCOMPRESSED_BYTES in all, none at more than
# IMPORT_MAX_COMPRESSION_RATIO to 1 (zip bombs); its first sheet (and a CSV), as declared and as
# its cell references say, at most the rows, columns and cells below (the 100,000-row bench
# file has 100,001 rows). An .xlsx is then read in a child process with
# IMPORT_WORKER_MEMORY_BYTES of address space and IMPORT_WORKER_CPU_SECONDS of CPU time,
# stopped after IMPORT_WORKER_TIMEOUT_SECONDS: a hostile file ends the child, not the server.
IMPORT_MAX_BYTES = 20 * 1024 * 1024
IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = 100
IMPORT_MAX_ROWS = 200_000
IMPORT_MAX_COLUMNS = 200
IMPORT_MAX_CELLS = 4_000_000
IMPORT_WORKER_MEMORY_BYTES = 1024 * 1024 * 1024
IMPORT_WORKER_CPU_SECONDS = 30
IMPORT_WORKER_TIMEOUT_SECONDS = 60

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Backups (sasaeai/core/backup.py): with BACKUP_DIR set, `run-due` writes a backup of the
# database and of MEDIA_ROOT into a new folder under it every day at 02:30 and keeps the newest
# BACKUP_KEEP of them. Empty: no scheduled backup (`sasaeai backup DIR` still works).
BACKUP_DIR = os.environ.get("BACKUP_DIR", "")
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "7"))

SESSION_COOKIE_HTTPONLY = True
# Everyone who signs in is staff (residents have no accounts): the session ends when the browser
# closes (no expiry on the cookie) and at the latest 8 hours after it was last written (the
# sign-in), so a PC left signed in at the counter does not stay signed in overnight.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Map tiles are fetched by the user's browser only. 地理院タイル by default; municipal networks
# (LGWAN) may need another server, or none (pages then show the list and town choices only).
MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
)
MAP_ATTRIBUTION = os.environ.get(
    "MAP_ATTRIBUTION",
    '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
)

# Content-Security-Policy (django-csp): only this site's own scripts and style sheets, never
# inline ones (templates load static files; data goes in json_script blocks, which are not
# run). Leaflet and Cytoscape set styles through the CSSOM, which style-src does not restrict.
# Images: this site, data: URIs (Leaflet's icons) and the map tile server, when there is one
# (the middleware adds MAP_TILE_URL's origin, so a municipality's own tile server just works).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses are switched off; geolocation stays for this site's own pages
# (the residents' 「現在地から探す」).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; only its warnings matter here.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# E-mail: the one-time 「パスワードを設定する」 link and 「パスワードを忘れた」. Without EMAIL_HOST
# nothing is sent (the dummy backend) and the link is only shown to whoever made the account.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sasaeai@localhost")
# The one-time links work this long (Django's default, 3 days) and once only.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(3 * 24 * 60 * 60)))
# Where people open the site: links printed by commands (`sasaeai setup-municipality`).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# How long the organiser's link printed on a 確認票 (a QR code) works, in days
# (sasaeai.resources.organiser_links): a sheet handed out at a visit is answered within weeks.
ORGANISER_LINK_DAYS = 90


# Caches: the rate limits' counters (below). Local memory is per process: with several
# processes (gunicorn -w 2) each counts its own share of a limit, so the limit is that many
# times higher.
# A multi-process server sets a shared cache: CACHE_URL=file:///var/cache/sasaeai (a folder all
# processes can write) or CACHE_URL=db://sasaeai_cache (after `sasaeai createcachetable`).
def cache_from_env() -> dict[str, Any]:
    url = os.environ.get("CACHE_URL", "")
    if url.startswith("file://"):
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
        }
    if url.startswith("db://"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": url.removeprefix("db://"),
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHES = {
    "default": cache_from_env(),
    # The residents' pages, apart: a flood of different search addresses must not push the
    # rate limits' counters out of the default cache. Each process keeps its own copies.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# The residents' pages (and the print PDF's digest) are the same for everyone: each answer is
# kept this long in the "pages" cache and sent again as it is (sasaeai.portal.views.
# for_residents), so a surge of residents costs few renderings. A change shows on those pages
# within this time.
PUBLIC_PAGE_SECONDS = int(os.environ.get("PUBLIC_PAGE_SECONDS", "30"))

# Rate limits per client address (sasaeai.core.ratelimit): URL name → (requests, seconds,
# methods). Generous for residents (a whole 通いの場 group behind one address searching on
# their phones), tight where a request costs a PDF or guesses a password. Staff pages are not
# listed: they need a signed-in user, and django-axes locks out failed sign-ins.
RATE_LIMIT_WINDOW = 60
RATE_LIMITS = {
    "portal:search": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    # 手伝える活動をさがす (the search's filters) and あなたに合う活動 (reads every public place).
    "portal:help_wanted": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "portal:match": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "portal:print_list": (int(os.environ.get("RATE_LIMIT_PRINT", "60")), RATE_LIMIT_WINDOW, ("GET",)),
    # The PDF: its waiting page asks the same address every 3 s (20 a minute) while it waits.
    "portal:print_pdf": (int(os.environ.get("RATE_LIMIT_PDF", "60")), RATE_LIMIT_WINDOW, ("GET",)),
    # オープンデータ (issue #27): stored files, but a harvester or a loop must not fetch them
    # without end.
    "opendata:page": (int(os.environ.get("RATE_LIMIT_PDF", "60")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:file": (int(os.environ.get("RATE_LIMIT_PDF", "60")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:catalog": (int(os.environ.get("RATE_LIMIT_PDF", "60")), RATE_LIMIT_WINDOW, ("GET",)),
    # HSDS 3.1 API (issue #27): a harvester walks the pages; a page of services reads the
    # database like a search, so the search's limit.
    "opendata:hsds_meta": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_services": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_service": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_organizations": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_organization": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_service_at_locations": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_service_at_location": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_taxonomies": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    "opendata:hsds_taxonomy_terms": (int(os.environ.get("RATE_LIMIT_SEARCH", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    # Public forms: 「パスワードを忘れた」 sends mail; the one-time link's form sets a password.
    "accounts:password_reset": (int(os.environ.get("RATE_LIMIT_FORMS", "10")), RATE_LIMIT_WINDOW, ("POST",)),
    "accounts:password_reset_confirm": (int(os.environ.get("RATE_LIMIT_FORMS", "10")), RATE_LIMIT_WINDOW, ("POST",)),
    # Sign-ins: a town hall's staff often share one outside address (at 8:30 many sign in at
    # once), so 30 a minute; django-axes locks a user and an address after 5 failures anyway.
    "accounts:login": (int(os.environ.get("RATE_LIMIT_LOGIN", "30")), RATE_LIMIT_WINDOW, ("POST",)),
    # The participants' card page of a dialogue (/d/<key>/): a room of 40 on one Wi-Fi opens it a
    # few times a minute each; someone trying keys is held to two a second.
    "dialogues_public:write": (int(os.environ.get("RATE_LIMIT_DIALOGUE_PAGE", "120")), RATE_LIMIT_WINDOW, ("GET",)),
    # 「情報がちがう」 and an organiser's page from a 確認票 (issue #26): a person sends one or two.
    "residents_public:request": (int(os.environ.get("RATE_LIMIT_FORMS", "10")), RATE_LIMIT_WINDOW, ("POST",)),
    "residents_public:report": (int(os.environ.get("RATE_LIMIT_FORMS", "10")), RATE_LIMIT_WINDOW, ("POST",)),
    "residents_public:organiser": (int(os.environ.get("RATE_LIMIT_FORMS", "10")), RATE_LIMIT_WINDOW, ("POST",)),
}  # fmt: skip
# Cards one address may send to one dialogue: (cards, seconds); the reasons are beside the view
# (sasaeai/dialogues/public_views.py). None: no limit.
DIALOGUE_CARD_RATE_LIMIT = (int(os.environ.get("RATE_LIMIT_DIALOGUE_CARDS", "60")), 600)
# Behind a reverse proxy every request comes from the proxy's address: set how many proxies
# (1 for one nginx) add X-Forwarded-For, so the address the outermost one saw is counted.
# 0 (the default) never reads the header, which any client can write.
RATE_LIMIT_TRUSTED_PROXIES = int(os.environ.get("RATE_LIMIT_TRUSTED_PROXIES", "0"))
