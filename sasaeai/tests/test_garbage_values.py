"""The two guards the garbage walk (test_demo_garbage_forms.py, issue #20 point 6) led to, each
on its own: picked ids that are no ids are refused before the database sees them, and a `next`
address that is a bare word is not redirected to."""

from django.core.exceptions import ValidationError
from django.test import RequestFactory, TestCase

from sasaeai.areas.models import Town
from sasaeai.areas.tests.factories import TownFactory
from sasaeai.core.form_views import on_this_site

# Values a crafted post carries instead of an id: over 64 bits (SQLite's driver raised
# OverflowError on them, a 500), negative, a superscript digit, a NUL.
NOT_IDS = (str(10**30), "-1", "²", "1\x00")


class ModelMultipleIdsFieldTests(TestCase):
    def field(self):  # type: ignore[no-untyped-def]
        # Imported here: on the commit before this field existed, the test fails, not the file.
        from sasaeai.utils.forms import ModelMultipleIdsField

        return ModelMultipleIdsField(queryset=Town.objects.all())

    def test_a_value_that_is_no_id_is_refused_before_any_query(self) -> None:
        town = TownFactory()
        for value in NOT_IDS:
            with self.subTest(value), self.assertNumQueries(0):
                with self.assertRaises(ValidationError) as refused:
                    self.field().clean([str(town.pk), value])
                self.assertEqual(refused.exception.code, "invalid_pk_value")

    def test_ids_of_records_are_picked(self) -> None:
        towns = [TownFactory(), TownFactory()]
        picked = self.field().clean([str(t.pk) for t in towns])
        self.assertEqual(sorted(t.pk for t in picked), sorted(t.pk for t in towns))


class OnThisSiteTests(TestCase):
    def test_a_word_is_not_an_address(self) -> None:
        # redirect() reads a word without "/" as a URL name and fails to reverse it (a 500).
        request = RequestFactory().post("/")
        for wanted in ("a b", "²", "-1", str(10**30), "/a\x00b", "next"):
            with self.subTest(wanted):
                self.assertEqual(on_this_site(request, wanted, "/fallback/"), "/fallback/")

    def test_a_path_or_a_url_of_this_site_is_kept(self) -> None:
        request = RequestFactory().post("/")
        for wanted in ("/staff/132012/", "http://testserver/staff/"):
            with self.subTest(wanted):
                self.assertEqual(on_this_site(request, wanted, "/fallback/"), wanted)
