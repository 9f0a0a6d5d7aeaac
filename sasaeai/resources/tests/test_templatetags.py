from types import SimpleNamespace

from django.template import Context, Template
from django.test import SimpleTestCase


class TagLabelTests(SimpleTestCase):
    def label(self, category: str, value: str) -> str:
        template = Template("{% load resources_tags %}{{ tag|tag_label }}")
        tag = SimpleNamespace(category=category, value=value)
        return template.render(Context({"tag": tag}))

    def test_each_category_is_read_from_its_own_list(self) -> None:
        self.assertEqual(self.label("activity", "exercise"), "体操（運動）")
        self.assertEqual(self.label("support", "shopping"), "買い物")
        self.assertEqual(self.label("target", "older"), "高齢者")

    def test_a_value_no_list_knows_is_shown_as_stored(self) -> None:
        self.assertEqual(self.label("activity", "juggling"), "juggling")
        self.assertEqual(self.label("colour", "exercise"), "exercise")
