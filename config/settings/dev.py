"""Local development: DEBUG on, a fixed throwaway key unless one is given."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
# Mails (the one-time password links) are printed in the terminal of `sasaeai serve`.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
