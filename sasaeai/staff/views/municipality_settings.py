"""「市町村の設定」: the municipal admin's settings pages, gathered behind one menu entry so
the menu keeps to twelve (issue #24)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin


@dataclass(frozen=True)
class SettingsLink:
    label: str
    url: str
    about: str


class MunicipalitySettingsView(MunicipalityPermissionMixin, TemplateView):
    # MANAGE: every page listed but 利用者と役割 needs it (that one needs MANAGE_USERS and is
    # listed only with it); both belong to the municipal admin alone.
    permission = Perm.MANAGE
    template_name = "core/municipality_settings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        args = [self.municipality.code]
        links = []
        if self.can(Perm.MANAGE_USERS):
            links.append(
                SettingsLink(
                    _("利用者と役割"),
                    reverse("users:list", args=args),
                    _(
                        "職員・コーディネーター・協議体メンバーの利用者を登録し、役割と担当圏域を決めます。"
                    ),
                )
            )
        links += [
            SettingsLink(
                _("個人情報の閲覧記録"),
                reverse("core:access_log", args=args),
                _("誰がいつ個人情報を見たか、書き出したかを確かめます。"),
            ),
            SettingsLink(
                _("個人情報の保存期間"),
                reverse("core:personal_data_retention", args=args),
                _("記録が終わった個人情報を何年で消去するかを決めます。"),
            ),
            SettingsLink(
                _("地域資源の設定"),
                reverse("resources:settings", args=args),
                _("最終確認から何か月たった地域資源を「要確認」にするかを決めます。"),
            ),
            SettingsLink(
                _("分析の設定"),
                reverse("analysis:settings", args=args),
                _(
                    "参加率の目標、「不足」「充実」の基準、歩いて行ける距離、優先順位の重みを決めます。"
                ),
            ),
            SettingsLink(
                _("住民からの申し込みの届け先"),
                reverse("residents:settings", args=args),
                _(
                    "住民向けページからの「行ってみたい」「相談したい」などを、圏域のコーディネーター・主催者・両方のどれに届けるかを決めます。"
                ),
            ),
            SettingsLink(
                _("オープンデータの設定"),
                reverse("opendata:settings", args=args),
                _(
                    "公開している地域資源の情報をオープンデータとして提供するときのライセンスと出典の表示を決めます。"
                ),
            ),
        ]
        context["links"] = links
        return context
