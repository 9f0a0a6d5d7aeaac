"""Test settings: immediate tasks, fast hashing, files under a temporary folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sasaeai-test-uploads-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="sasaeai-test-static-"))
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Django's live server (browser tests) wraps every request in a media-file handler that needs a
# URL prefix: with base's MEDIA_URL = None it fails on every request. Nothing links to this
# prefix; production still serves no uploads by URL.
MEDIA_URL = "/test-media-not-linked/"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Off whatever the environment says: tests that need it turn it on (override_settings).
TWO_FACTOR_REQUIRED = False
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tests never touch the network: no tile server.
MAP_TILE_URL = ""
# No rate limits: a test client (and the browser tests' live server) asks from one address far
# more often than a person. sasaeai/core/tests/test_ratelimit.py turns them on.
RATE_LIMITS = {}
# Residents' pages are not kept: a test changes the data and looks again at once.
# sasaeai/portal/tests/test_public_cache.py turns it on.
PUBLIC_PAGE_SECONDS = 0
# SQLite tests use a file, as the embedded database does, not a shared in-memory database:
# there a second writer is refused at once ("table is locked") instead of waiting its turn,
# so concurrent-edit tests would test the test setup rather than the application.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="sasaeai-test-db-")) / "test.sqlite3")
    }
