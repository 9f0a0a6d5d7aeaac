"""The public rule is stated once, in resources.selectors, and every public path reads through it:
no module restates it (as ORM filters or as SQL) and none names the registry's tables."""

import ast
import re
from pathlib import Path

SASAEAI = Path(__file__).resolve().parents[2]
SELECTORS = SASAEAI / "resources" / "selectors.py"
# The registry's tables as SQL would name them (the trigram index name is not one of them).
REGISTRY_TABLE = re.compile(
    r"\bresources_(resource|resourcetag|location|serviceatlocation|schedule|contact"
    r"|organization|verification)\b"
)


def modules() -> list[Path]:
    """Every module of the project, without migrations and tests."""
    return [
        path
        for path in SASAEAI.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    ]


def is_sql_on_publicness(value: object) -> bool:
    """A string using is_public in SQL ("r.is_public", "is_public = 1"): more than the field's
    name alone, which forms and field lists spell."""
    return (
        isinstance(value, str)
        and value != "is_public"
        and re.search(r"\bis_public\b", value) is not None
    )


def statements_of_publicness(path: Path) -> list[tuple[int, frozenset[str]]]:
    """Where a module filters on `is_public`: each ORM call with is_public=True (with the names
    of its keyword arguments), and each string that uses is_public inside SQL."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            flag = keywords.get("is_public")
            if isinstance(flag, ast.Constant) and flag.value is True:
                found.append((node.lineno, frozenset(keywords)))
        elif isinstance(node, ast.Constant) and is_sql_on_publicness(node.value):
            found.append((node.lineno, frozenset({"sql"})))
    return found


def test_no_module_names_the_registrys_tables() -> None:
    # Raw SQL against the registry (portal's search wrote it) would state the rule again.
    naming = [
        str(path.relative_to(SASAEAI))
        for path in modules()
        if REGISTRY_TABLE.search(path.read_text(encoding="utf-8"))
    ]
    assert naming == []


def test_the_public_rule_is_stated_once_in_the_selectors() -> None:
    statements = {
        str(path.relative_to(SASAEAI)): found
        for path in modules()
        if (found := statements_of_publicness(path))
    }
    # Two statements of the registry's rule, both in resources/selectors.py: the resource rule
    # (public_rule: published and of a public status) and the contact rule (PUBLIC_CONTACTS:
    # with a date of consent). Apart from the registry, the coordinators' desks (issue #26) have
    # their one rule in areas/selectors.py (PUBLIC_DESKS: with a date of consent too).
    assert sorted(statements) == ["areas/selectors.py", "resources/selectors.py"]
    kinds = sorted(sorted(keywords) for _, keywords in statements["resources/selectors.py"])
    assert kinds == [
        ["is_public", "municipality", "status__in"],
        ["is_public", "public_consent_on__isnull"],
    ]
    desks = [sorted(keywords) for _, keywords in statements["areas/selectors.py"]]
    assert desks == [["is_public", "public_consent_on__isnull"]]


def test_the_portal_writes_no_sql() -> None:
    for path in (SASAEAI / "portal").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "RawSQL" not in text, path
        assert "connection.cursor" not in text, path
        assert not re.search(r"\b(SELECT|FROM|JOIN)\s+\w", text), path
