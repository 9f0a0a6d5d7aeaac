"""The deployment guide stays true (issue #21, item 6): every environment variable the settings
read is explained in deploy/sasaeai.env.example and docs/deploy.md, and the example files agree
with the settings they depend on (upload limit, proxy headers, worker, timer, backups)."""

import re
import runpy
from pathlib import Path

from django.conf import settings

from sasaeai.core.uploads import FORM_FIELDS_ROOM, MB

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
# os.environ.get("NAME", …), os.environ["NAME"] and env_list("NAME", …) in config/settings.
READ = re.compile(r"""(?:os\.environ\.get|os\.environ\[|env_list)\(?\s*["']([A-Z][A-Z0-9_]*)["']""")


def names_read() -> set[str]:
    names: set[str] = set()
    for path in sorted((ROOT / "config" / "settings").glob("*.py")):
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def test_the_settings_read_the_variables_this_test_expects() -> None:
    # Not vacuous: a few names known to be read (base.py, production.py), one of each form.
    assert {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "BACKUP_DIR",
        "BACKUP_KEEP",
    } <= names_read()
    assert {
        "TWO_FACTOR_REQUIRED",
        "SECURE_HSTS_SECONDS",
        "RATE_LIMIT_TRUSTED_PROXIES",
    } <= names_read()


def test_every_variable_is_in_the_env_example_and_the_guide() -> None:
    example = (DEPLOY / "sasaeai.env.example").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    in_example = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert sorted(names_read() - in_example) == []
    assert sorted(name for name in names_read() if f"`{name}`" not in guide) == []
    # And the one the settings modules leave to the caller: the sasaeai command defaults to dev.
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in example.splitlines()


def test_nginx_passes_an_upload_the_application_can_refuse_itself() -> None:
    nginx = (DEPLOY / "nginx-sasaeai.conf").read_text(encoding="utf-8")
    # 20 MB of file (UPLOAD_MAX_BYTES) + 1 MB for the form's other fields = 21 MB.
    limit = (settings.UPLOAD_MAX_BYTES + FORM_FIELDS_ROOM) // MB
    assert limit == 21
    assert f"client_max_body_size {limit}m;" in nginx
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    # One proxy adds the client's address: the settings must trust exactly one hop.
    example = (DEPLOY / "sasaeai.env.example").read_text(encoding="utf-8")
    assert "RATE_LIMIT_TRUSTED_PROXIES=1" in example.splitlines()
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert f"proxy_pass http://{gunicorn['bind']};" in nginx


def test_the_units_run_the_worker_niced_run_due_every_minute_and_may_write_backups() -> None:
    worker = (DEPLOY / "sasaeai-worker.service").read_text(encoding="utf-8")
    assert "ExecStart=/srv/sasaeai/.venv/bin/sasaeai db_worker --interval 1 --no-reload" in worker
    assert "Nice=10" in worker.splitlines()
    web = (DEPLOY / "sasaeai-web.service").read_text(encoding="utf-8")
    assert "deploy/gunicorn.conf.py config.wsgi:application" in web
    run_due = (DEPLOY / "sasaeai-run-due.service").read_text(encoding="utf-8")
    assert "ExecStart=/srv/sasaeai/.venv/bin/sasaeai run-due -v0" in run_due
    timer = (DEPLOY / "sasaeai-run-due.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* *:*:00" in timer.splitlines()
    example = (DEPLOY / "sasaeai.env.example").read_text(encoding="utf-8")
    (backup_dir,) = re.findall(r"^BACKUP_DIR=(.+)$", example, flags=re.MULTILINE)
    assert f"ReadWritePaths={backup_dir}" in run_due.splitlines()
    for unit in (worker, web, run_due):
        assert "EnvironmentFile=/etc/sasaeai/sasaeai.env" in unit.splitlines()
