"""Who opens the queues of 「情報がちがう」 reports and organisers' proposals: whoever edits the
registry (the municipal admin, layer-1 and layer-2 coordinators), and one report or proposal
only whoever may edit its place (a layer-2 coordinator inside their 圏域), as the registry's own
screens decide (resources.views: may_edit_in after a VIEW permission, since has_perm's edit
right of a layer-2 coordinator needs an area)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    edit_scope,
    may_edit_ids,
    may_edit_in,
)
from sasaeai.resources.services import resource_area_ids


class EditorMixin(MunicipalityPermissionMixin):
    permission = Perm.VIEW

    def require_editor(self, resource: Any = None) -> None:
        """403 unless the user may edit somewhere here, or, given a place, edit that place."""
        user = self.request.user
        if resource is None:
            allowed = may_edit_in(user, self.municipality, [])
        else:
            scope = edit_scope(user, self.municipality)
            allowed = may_edit_ids(scope, resource_area_ids(resource))
        if not allowed:
            raise PermissionDenied(_("この地域資源の報告や申し出を扱う権限がありません。"))
