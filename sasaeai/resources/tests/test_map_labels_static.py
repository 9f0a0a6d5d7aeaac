"""Issue #20 hole 4, statically: no script hands data to Leaflet as an HTML string. Leaflet puts a
string tooltip or popup into the page as HTML, so every one is an element built with textContent
(`label(…)`, `popupOf(…)`) or a fixed string literal; and only meeting-parts.js sets innerHTML
(with the server's own escaped HTML of a page part, parsed in an inert <template>)."""

import re
from pathlib import Path

JS = Path(__file__).resolve().parents[3] / "static" / "js"
LEAFLET_CONTENT = re.compile(r"\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent)\(")
SAFE_ARGUMENT = re.compile(r'(label|popupOf)\(|"[^"+]*"\s*[,)]')
HTML_SINKS = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write")


def test_leaflet_tooltips_and_popups_get_elements_or_fixed_text() -> None:
    unsafe = []
    for path in sorted(JS.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for found in LEAFLET_CONTENT.finditer(text):
            if not SAFE_ARGUMENT.match(text, found.end()):
                line = text.count("\n", 0, found.start()) + 1
                unsafe.append(f"{path.name}:{line}")
    assert unsafe == []


def test_only_the_meeting_parts_script_writes_html() -> None:
    writers = sorted(p.name for p in JS.glob("*.js") if HTML_SINKS.search(p.read_text("utf-8")))
    assert writers == ["meeting-parts.js"]
