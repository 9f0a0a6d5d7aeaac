"""担い手募集 on the staff side (issue #26, point 5): whoever may edit a resource posts, edits,
closes and deletes its roles from the resource's page; a layer-2 coordinator only inside their
圏域; bad input is refused in Japanese on the field, nothing written.

The fixture (test_area_scope): 北サロン meets in 北部圏域 (sc2_north's), 南サロン in 南部圏域."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sasaeai.resources import services
from sasaeai.resources.models import VolunteerRole

from .test_area_scope import CODE, AreaScopeFixture

ROLE = {
    "title": "お茶出しと受付",
    "when": "毎週火曜 10時〜12時",
    "how_often": "月に2回ほど",
    "asks": "お茶をいれて配ります。",
    "suits": "人と話すのが好きな方",
    "is_open": "on",
}


class RoleScreenTests(AreaScopeFixture):
    def role_url(self, name: str, resource, role=None) -> str:  # type: ignore[no-untyped-def]
        kwargs = {"lgcode": CODE, "pk": resource.pk}
        if role is not None:
            kwargs["role"] = role.pk
        return reverse(f"resources:{name}", kwargs=kwargs)

    def test_a_coordinator_posts_a_role_on_a_resource_of_their_area(self) -> None:
        self.client.force_login(self.sc2_north)
        response = self.client.post(self.role_url("role_create", self.north_salon), ROLE)
        self.assertRedirects(response, self.url("detail", pk=self.north_salon.pk))
        role = VolunteerRole.objects.get()
        self.assertEqual(
            (role.resource, role.title, role.when, role.how_often, role.asks, role.suits),
            (self.north_salon, *(ROLE[k] for k in ("title", "when", "how_often", "asks", "suits"))),
        )
        self.assertTrue(role.is_open)
        self.assertEqual(role.history.get().history_user, self.sc2_north)
        # The resource's page lists it with its edit link and its 締め切る button.
        page = self.client.get(self.url("detail", pk=self.north_salon.pk))
        self.assertContains(page, self.role_url("role_edit", self.north_salon, role))
        self.assertContains(page, "「お茶出しと受付」の募集を締め切る")

    def test_a_coordinator_of_another_area_is_refused(self) -> None:
        self.client.force_login(self.sc2_north)
        response = self.client.post(self.role_url("role_create", self.south_salon), ROLE)
        self.assertEqual(response.status_code, 403)
        role = VolunteerRole.objects.create(resource=self.south_salon, title="片付け")
        for name, data in (("role_edit", ROLE), ("role_close", {"version": role.version})):
            with self.subTest(name):
                url = self.role_url(name, self.south_salon, role)
                self.assertEqual(self.client.post(url, data).status_code, 403)
        # The services refuse it too, whatever path calls them.
        with self.assertRaises(PermissionDenied):
            services.volunteer_role_save(
                resource=self.south_salon, user=self.sc2_north, title="見守り"
            )
        with self.assertRaises(PermissionDenied):
            services.volunteer_role_delete(role=role, user=self.sc2_north)
        role.refresh_from_db()
        self.assertEqual((role.title, role.is_open), ("片付け", True))

    def test_bad_input_is_refused_in_japanese_on_its_field_with_nothing_written(self) -> None:
        self.client.force_login(self.sc1)
        url = self.role_url("role_create", self.north_salon)
        response = self.client.post(url, {**ROLE, "title": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.context["form"].errors["title"], ["お願いしたいことを入力してください。"]
        )
        self.assertContains(response, "毎週火曜 10時〜12時", status_code=400)  # input kept
        response = self.client.post(url, {**ROLE, "asks": "長" * 1001})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.context["form"].errors["asks"],
            ["お願いする内容・条件は1000文字以内で入力してください。"],
        )
        self.assertFalse(VolunteerRole.objects.exists())
        with self.assertRaises(ValidationError) as refused:
            services.volunteer_role_save(resource=self.north_salon, user=self.sc1, title="")
        self.assertEqual(
            refused.exception.message_dict, {"title": ["お願いしたいことを入力してください。"]}
        )

    def test_edit_close_and_delete(self) -> None:
        self.client.force_login(self.sc2_north)
        role = VolunteerRole.objects.create(resource=self.north_salon, title="受付")
        edit = self.role_url("role_edit", self.north_salon, role)
        response = self.client.post(
            edit, {**ROLE, "title": "受付と片付け", "version": role.version}
        )
        self.assertEqual(response.status_code, 302)
        role.refresh_from_db()
        self.assertEqual(role.title, "受付と片付け")
        # 締め切る: off the public pages, still on the staff page.
        close = self.role_url("role_close", self.north_salon, role)
        self.client.post(close, {"version": role.version})
        role.refresh_from_db()
        self.assertFalse(role.is_open)
        page = self.client.get(self.url("detail", pk=self.north_salon.pk))
        self.assertContains(page, "締め切り")
        self.assertNotContains(page, "募集を締め切る")
        # Closing again says so, in Japanese, on the resource's page.
        response = self.client.post(close, {"version": role.version}, follow=True)
        self.assertContains(response, "この担い手募集はもう締め切っています。")
        # Deleting from a page opened before the last change is refused; then done.
        response = self.client.post(edit, {"action": "delete", "version": role.version - 1})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(VolunteerRole.objects.filter(pk=role.pk).exists())
        self.client.post(edit, {"action": "delete", "version": role.version})
        self.assertFalse(VolunteerRole.objects.filter(pk=role.pk).exists())

    def test_a_role_of_another_resource_is_not_found_through_this_one(self) -> None:
        self.client.force_login(self.sc1)
        role = VolunteerRole.objects.create(resource=self.south_salon, title="片付け")
        url = self.role_url("role_edit", self.north_salon, role)
        self.assertEqual(self.client.get(url).status_code, 404)
