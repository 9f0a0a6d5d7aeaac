"""Roles a user can hold, and what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MUNICIPAL_ADMIN = "municipal_admin", _("市町村管理者")
    SC_LAYER1 = "sc1", _("第1層生活支援コーディネーター")
    SC_LAYER2 = "sc2", _("第2層生活支援コーディネーター")
    COUNCIL_MEMBER = "council_member", _("協議体メンバー")
    ADVISER = "adviser", _("アドバイザー")
    VIEWER = "viewer", _("閲覧者（職員）")


class Perm(models.TextChoices):
    VIEW = "view", _("市町村内の閲覧")
    EDIT_AREA = "edit_area", _("圏域内の記録の編集")
    IMPORT_DATA = "import_data", _("人口・町丁目などの取込")
    MANAGE = "manage", _("市町村の設定と利用者の管理")
    COORDINATE = "coordinate", _("コーディネーターの活動記録とつなぎ")
    # The site operator's screens (starting a municipality): superusers only, granted by no
    # role below, so a municipal admin cannot create another municipality or its admin.
    OPERATE = "operate", _("サイトの運用（市町村の利用開始）")
    MANAGE_AREAS = "manage_areas", _("日常生活圏域の登録・町丁目の割当・廃止")
    # 利用者と役割の管理 (accounts/user_views.py): the municipal admin alone.
    MANAGE_USERS = "manage_users", _("利用者と役割の管理")
    # 個人情報 (issue #21): private contacts, residents' names in activities and referrals,
    # members' addresses and e-mails. Council members, advisers and viewers see the same
    # screens without them; every view or export of them is written to the access log.
    PERSONAL_DATA = "personal_data", _("個人情報の閲覧・書き出し")


# Which permissions each role grants. Area scoping (sc2 writes only in its areas) is applied
# on top of this table by `permissions.has_perm`.
ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.MUNICIPAL_ADMIN: frozenset(
        {
            Perm.VIEW,
            Perm.EDIT_AREA,
            Perm.IMPORT_DATA,
            Perm.MANAGE,
            Perm.COORDINATE,
            Perm.MANAGE_AREAS,
            Perm.MANAGE_USERS,
            Perm.PERSONAL_DATA,
        }
    ),
    Role.SC_LAYER1: frozenset(
        {
            Perm.VIEW,
            Perm.EDIT_AREA,
            Perm.IMPORT_DATA,
            Perm.COORDINATE,
            Perm.MANAGE_AREAS,
            Perm.PERSONAL_DATA,
        }
    ),
    Role.SC_LAYER2: frozenset({Perm.VIEW, Perm.EDIT_AREA, Perm.COORDINATE, Perm.PERSONAL_DATA}),
    Role.COUNCIL_MEMBER: frozenset({Perm.VIEW}),
    Role.ADVISER: frozenset({Perm.VIEW}),
    Role.VIEWER: frozenset({Perm.VIEW}),
}

# Roles whose write permission is limited to the area named on the assignment.
AREA_SCOPED_ROLES = frozenset({Role.SC_LAYER2})
