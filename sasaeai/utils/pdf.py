"""A4 PDFs from HTML with WeasyPrint and the packaged Noto Sans JP font (never a system font,
never the network): templates declare `@font-face { src: url("{{ font_url }}") }`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from noto_cjk_sans_jp_regular import FONT_PATH
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration


@cache
def font_path() -> Path:
    return Path(str(FONT_PATH))


def base_url() -> str:
    """Where relative URLs in the document resolve: the font's folder, nothing remote."""
    return font_path().parent.as_uri() + "/"


def stylesheet(font_config: FontConfiguration, name: str) -> CSS:
    """A print stylesheet from the static files (e.g. "css/sheet-print.css")."""
    path = finders.find(name)
    return CSS(filename=str(path), font_config=font_config)


def render_pdf(template: str, context: dict[str, Any], css: str) -> bytes:
    """One template rendered with its print stylesheet into PDF bytes."""
    font_config = FontConfiguration()
    html = render_to_string(template, {**context, "font_url": font_path().as_uri()})
    return HTML(string=html, base_url=base_url()).write_pdf(
        stylesheets=[stylesheet(font_config, css)], font_config=font_config
    )
