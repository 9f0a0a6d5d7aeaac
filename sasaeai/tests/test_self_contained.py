"""A clone of this repository alone must run: nothing refers to a folder beside the checkout."""

from pathlib import Path

from django.conf import settings

from sasaeai.areas.constants import MUNICIPALITY_MASTER_CSV
from sasaeai.resources.constants import HSDS_SCHEMA_DIR

ROOT = Path(settings.BASE_DIR)
# Folders made by `make setup` or by git, not part of what a clone holds.
NOT_OURS = {".git", ".venv", "node_modules", "var", "vendor", "__pycache__", ".mypy_cache"}
# Code, tests, commands, settings and build files; prose (*.md) may tell the history.
CHECKED_SUFFIXES = {".py", ".toml", ".cfg", ".ini", ".sh", ".html", ".js", ".json", ".txt"}
CHECKED_NAMES = {"Makefile", "run"}
# Written in two pieces so that this file, which the walk reads too, does not contain them.
FORBIDDEN = ("../" + "shared", "SASAEAI_" + "SHARED_DIR")


def checked_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        if NOT_OURS.intersection(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix in CHECKED_SUFFIXES or path.name in CHECKED_NAMES:
            files.append(path)
    return files


def test_no_file_refers_to_the_shared_folder_beside_the_checkout() -> None:
    files = checked_files()
    # The walk must see the code itself, the Makefile and CI, or it proves nothing.
    names = {path.relative_to(ROOT).as_posix() for path in files}
    assert {"Makefile", ".ci/run", "config/settings/base.py", "bench/generate.py"} <= names
    offenders = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in files
        for word in FORBIDDEN
        if word in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_the_reference_data_lives_in_the_package_with_its_licence() -> None:
    assert MUNICIPALITY_MASTER_CSV.is_relative_to(ROOT / "sasaeai")
    assert MUNICIPALITY_MASTER_CSV.is_file()
    assert "CC0" in (MUNICIPALITY_MASTER_CSV.parent / "README.md").read_text(encoding="utf-8")
    assert HSDS_SCHEMA_DIR.is_relative_to(ROOT / "sasaeai")
    licence = (HSDS_SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0" in licence
    for part in ("service.json", "compiled/tabular.json", "openapi.json", "examples"):
        assert (HSDS_SCHEMA_DIR / part).exists(), part
