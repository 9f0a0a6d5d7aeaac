"""「利用者と役割」 in a real Chromium: axe-core (WCAG 2.2 AA) on the list, the new-account form
(also with its errors), the one-time link and the 4月の交代 form, and the handover done by
keyboard alone."""

import datetime

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.models import RoleAssignment
from sasaeai.accounts.tests.factories import RoleAssignmentFactory, user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in

pytestmark = pytest.mark.browser


def test_the_admin_manages_users_and_hands_over_by_keyboard(live_server, page, axe_source) -> None:
    city = MunicipalityFactory(code="132012")
    hill = Layer2AreaFactory(municipality=city, name="丘陵圏域", kana="きゅうりょう")
    river = Layer2AreaFactory(
        municipality=city, parent=hill.parent, name="川沿い圏域", kana="かわぞい"
    )
    april_2025 = datetime.date(2025, 4, 1)
    user_with_role(Role.MUNICIPAL_ADMIN, city, valid_from=april_2025, user__username="admin")
    yamada = user_with_role(
        Role.SC_LAYER2, city, area=hill, valid_from=april_2025, user__username="yamada"
    )
    RoleAssignmentFactory(
        user=yamada, municipality=city, role=Role.SC_LAYER2, area=river, valid_from=april_2025
    )
    ito = user_with_role(Role.VIEWER, city, valid_from=april_2025, user__username="ito")

    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/staff/132012/")
    menu = page.get_by_role("navigation", name="業務メニュー")
    menu.get_by_role("link", name="市町村の設定").click()
    page.get_by_role("link", name="利用者と役割").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("利用者と役割")
    # admin, ito, yamada.
    expect(page.get_by_role("status")).to_have_text("3人")
    assert_no_violations(page, axe_source)

    page.get_by_role("link", name="利用者を登録する").click()
    assert_no_violations(page, axe_source)
    page.get_by_role("button", name="利用者を登録する").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください。")
    assert_no_violations(page, axe_source)

    page.get_by_label("ユーザー名").fill("sato")
    page.get_by_label("役割").select_option(Role.VIEWER)
    page.get_by_role("button", name="利用者を登録する").click()
    link = page.get_by_label("「sato」さんに伝えるリンク").input_value()
    assert link.startswith(f"{live_server.url}/accounts/password/set/")
    assert_no_violations(page, axe_source)

    page.goto(f"{live_server.url}/staff/132012/users/handover/")
    expect(page.get_by_role("heading", level=1)).to_have_text("4月の交代")
    assert_no_violations(page, axe_source)
    # By keyboard: the choices are in user-name order (admin, ito, sato, yamada) after the blank.
    page.get_by_label("交代する人（役割を終える人）").focus()
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("交代する人（役割を終える人）")).to_have_value(str(yamada.pk))
    page.keyboard.press("Tab")
    for _ in range(2):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("引き継ぐ人（登録済みの利用者）")).to_have_value(str(ito.pk))
    for _ in range(4):  # new user name, display name, e-mail, then the date
        page.keyboard.press("Tab")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("令和9年4月1日")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="交代する")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("令和9年4月1日から、2件の役割")
    assert_no_violations(page, axe_source)

    started = RoleAssignment.objects.filter(user=ito, role=Role.SC_LAYER2)
    assert sorted(started.values_list("valid_from", flat=True)) == [datetime.date(2027, 4, 1)] * 2
    ended = RoleAssignment.objects.filter(user=yamada).values_list("valid_to", flat=True)
    assert list(ended) == [datetime.date(2027, 3, 31)] * 2
