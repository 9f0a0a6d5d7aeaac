"""Settings for benchmarks only: the app's base settings with a URLconf that adds the framework
floor (a constant view), so no benchmark code lives in the application."""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

DEBUG = False
SECRET_KEY = "bench-only-key-never-used-for-anything-real-0123456789abcdefghijklmnop"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No rate limits: a benchmark's load comes from one address (127.0.0.1) and stands for many
# residents, which the per-address limits would refuse after the first few hundred requests.
RATE_LIMITS = {}
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
