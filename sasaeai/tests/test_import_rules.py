"""The layer rule of docs/architecture.md, read from the code: an app imports only apps below it.

Every `import` and `from … import` of every module outside tests and migrations is parsed
(inside functions and `if TYPE_CHECKING:` too: a lazy import is still a tie). An app may import
the apps of lower layers; never one of its own layer or above, so no two apps can import each
other. The ties not yet undone are listed in KNOWN_TIES with the reason; the test fails when a
new tie appears and also when a listed one is gone, so the list only shrinks and stays true.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]

# Bottom to top. `utils` is plain Python helpers; `core` is plumbing (imports, bulk writes with
# history, generated files, the history registry, jobs); `staff` holds the screens on that
# plumbing and on areas that check permissions (home, 変更履歴, import and file pages, 圏域);
# `demo` builds the demo city from every app and nothing imports it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("utils",),
    ("core",),
    ("areas",),
    ("accounts",),
    ("staff", "notices"),
    ("resources",),
    ("councils", "portal"),
    ("residents", "opendata"),
    ("activities", "analysis"),
    ("plans",),
    ("projects",),
    ("dialogues",),
    ("demo",),
)
LAYER_OF = {app: n for n, layer in enumerate(LAYERS) for app in layer}

# (importing app, imported app): why it is still there. Remove a line when its tie is undone.
KNOWN_TIES: dict[tuple[str, str], str] = {}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        yield parts[0], path


def imported_apps(path: Path) -> set[str]:
    """The sasaeai apps a module names in its imports (absolute ones: relative imports stay
    inside the app)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "sasaeai":  # from sasaeai import resources
                names = [f"sasaeai.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "sasaeai" and len(parts) > 1:
                found.add(parts[1])
    return found


def ties() -> dict[tuple[str, str], list[str]]:
    """Every import that breaks the rule, with the modules that make it."""
    found: dict[tuple[str, str], list[str]] = {}
    for app, path in modules():
        for other in imported_apps(path) - {app}:
            if other not in LAYER_OF or LAYER_OF[other] >= LAYER_OF[app]:
                found.setdefault((app, other), []).append(str(path.relative_to(PACKAGE)))
    return found


def test_every_app_has_a_layer() -> None:
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")} | {"utils", "demo"}
    assert apps - set(LAYER_OF) == set(), "docs/architecture.md の層に入っていないアプリがあります"


def test_no_app_imports_an_app_of_its_own_layer_or_above() -> None:
    found = ties()
    new = {tie: where for tie, where in found.items() if tie not in KNOWN_TIES}
    gone = set(KNOWN_TIES) - set(found)
    assert not new, "層の決まりに反する import:\n" + "\n".join(
        f"{a} → {b}: {', '.join(where)}" for (a, b), where in sorted(new.items())
    )
    assert not gone, f"解消済みなので KNOWN_TIES から消してください: {sorted(gone)}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A lazy import inside a function is a tie all the same.
        ("def f():\n    from sasaeai.resources.constants import Activity\n", {"resources"}),
        ("import sasaeai.areas.models\n", {"areas"}),
        ("from sasaeai import councils\n", {"councils"}),
        # Relative imports stay inside the app; other packages are not apps.
        ("from .models import Plan\nimport django\n", set()),
    ],
)
def test_imports_are_read_wherever_they_are_written(
    tmp_path: Path, source: str, expected: set[str]
) -> None:
    module = tmp_path / "m.py"
    module.write_text(source, encoding="utf-8")
    assert imported_apps(module) == expected
