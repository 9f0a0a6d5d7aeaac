"""No page's <title> holds a tag (issue #19, item 7).

Two edits once landed inside `{% block title %}`: the meeting page put its whole 企画検討チーム
section, form included, into <title>, and the residents' search page a <script>. Browsers show
the title as plain text in tabs, bookmarks and screen readers' page announcements, so any tag
there is a mistake. This reads every template's title block as written; the rendered titles of
those two pages are checked in test_demo_page_titles.py.
"""

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)
TITLE_BLOCK = re.compile(
    r"{%-?\s*block\s+title\s*-?%}(.*?){%-?\s*endblock(?:\s+title)?\s*-?%}", re.S
)
TITLE_ELEMENT = re.compile(r"<title>(.*?)</title>", re.S)
# What a title may never contain: markup, or template code that brings markup in (a nested
# block, not a {% blocktranslate %}).
FORBIDDEN = {
    "a tag": re.compile(r"<"),
    "an include": re.compile(r"{%-?\s*include\b"),
    "a form's csrf_token": re.compile(r"{%-?\s*csrf_token\b"),
    "a block": re.compile(r"{%-?\s*block\s"),
}


def templates() -> list[Path]:
    """Every template of the project: templates/ and each app's templates/."""
    found = sorted((ROOT / "templates").rglob("*.html"))
    found += sorted((ROOT / "sasaeai").glob("*/templates/**/*.html"))
    return found


def title_problems(text: str) -> list[str]:
    """What is wrong with a template's titles: each forbidden piece found, with its title."""
    problems = []
    # An element written out is checked with its title block left out (base.html's is empty).
    for title in TITLE_BLOCK.findall(text) + TITLE_ELEMENT.findall(TITLE_BLOCK.sub("", text)):
        problems += [
            f"{name} in {title.strip()[:60]!r}"
            for name, piece in FORBIDDEN.items()
            if piece.search(title)
        ]
    return problems


class TemplateTitleTests(SimpleTestCase):
    def test_no_title_block_or_title_element_holds_a_tag_an_include_or_a_form(self) -> None:
        problems = {
            str(path.relative_to(ROOT)): found
            for path in templates()
            if (found := title_problems(path.read_text(encoding="utf-8")))
        }
        self.assertEqual(problems, {})

    def test_the_walk_finds_the_titles_of_the_staff_and_residents_pages(self) -> None:
        # Not a vacuous pass: the pages the two broken titles were on are among those read.
        texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in templates()}
        with_titles = [name for name, text in texts.items() if TITLE_BLOCK.search(text)]
        self.assertIn("sasaeai/councils/templates/councils/meeting.html", with_titles)
        self.assertIn("sasaeai/portal/templates/portal/search.html", with_titles)
        self.assertGreater(len(with_titles), 50)

    def test_the_check_catches_the_two_broken_titles_as_they_were(self) -> None:
        meeting = (
            "{% block title %}{{ meeting.title }}<section><h2>企画検討チーム</h2>"
            '<form method="post">{% csrf_token %}</form></section>{% endblock %}'
        )
        search = (
            '{% block title %}{% translate "さがす" %}<script src="x.js"></script>{% endblock %}'
        )
        self.assertTrue(title_problems(meeting)[0].startswith("a tag in"))
        self.assertEqual(len(title_problems(meeting)), 2)  # the markup and the csrf_token
        self.assertEqual(len(title_problems(search)), 1)
        self.assertEqual(title_problems("{% block title %}{{ meeting.title }}{% endblock %}"), [])
