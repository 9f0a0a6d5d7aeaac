"""Helpers for browser tests (fixtures live in sasaeai/conftest.py)."""

from typing import Any

from playwright.sync_api import Page

# The tags JIS X 8341-3:2016 AA asks for (WCAG 2.0/2.1 A and AA), plus WCAG 2.2 AA where a page
# can meet it.
JIS_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
ALL_TAGS = (*JIS_TAGS, "wcag22aa")
AXE_RUN = "(tags) => axe.run(document, { runOnly: tags })"
PASSWORD = "pass"  # UserFactory's password


def assert_no_violations(page: Page, axe_source: str, tags: tuple[str, ...] = ALL_TAGS) -> None:
    # Evaluated rather than added as a <script> element: the Content-Security-Policy refuses
    # inline scripts, and DevTools' evaluation is outside its reach.
    page.evaluate(axe_source)
    violations = page.evaluate(AXE_RUN, list(tags))["violations"]
    assert not violations, f"{page.url} に問題があります:\n{describe(violations)}"


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's findings one per line: rule, impact, help text, and each offending element."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログインする").click()
