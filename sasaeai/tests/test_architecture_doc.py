"""docs/architecture.md draws the layers that test_import_rules.LAYERS enforces: the same apps on
the same lines, so the page a newcomer reads is the rule the code is held to."""

import re
from pathlib import Path

from django.conf import settings

from sasaeai.tests.test_import_rules import LAYERS

PAGE = Path(settings.BASE_DIR) / "docs" / "architecture.md"


def drawn_layers(text: str) -> tuple[tuple[str, ...], ...]:
    """The diagram's lines, bottom to top: the first code block starting with `top`."""
    block = re.search(r"```\ntop (.*?)```", text, re.S)
    assert block, "docs/architecture.md has no layer diagram"
    layers = []
    for line in ("top " + block.group(1)).splitlines():
        names = re.sub(r"^(top|bottom)?\s+", "", line).split("  ")[0]
        names = re.sub(r"\s*\(.*?\)", "", names)  # staff (areas' and core's screens)
        layers.append(tuple(name.strip() for name in names.split("·")))
    return tuple(reversed(layers))


def test_the_diagram_of_the_architecture_page_is_the_layers_the_test_enforces() -> None:
    assert drawn_layers(PAGE.read_text(encoding="utf-8")) == LAYERS
