"""Browser fixtures shared by every `@pytest.mark.browser` test: Debian's Chromium driven by
Playwright, with the Noto font from PyPI so screenshots show Japanese, and axe-core from npm."""

import importlib.util
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_PATH = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def fonts_conf(folder: Path) -> Path:
    """A fontconfig file adding the Noto CJK font from PyPI, so screenshots show Japanese."""
    spec = importlib.util.find_spec("noto_cjk_sans_jp_regular")
    assert spec and spec.submodule_search_locations, "pip install noto-cjk-sans-jp-regular"
    font_dir = next(iter(spec.submodule_search_locations))
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{font_dir}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with tempfile.TemporaryDirectory(prefix="sasaeai-fonts-") as tmp:
        env: dict[str, str | float | bool] = {
            **os.environ,
            "FONTCONFIG_FILE": str(fonts_conf(Path(tmp))),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE_PATH.is_file(), f"{AXE_PATH} がありません。make setup を実行してください。"
    return AXE_PATH.read_text(encoding="utf-8")
