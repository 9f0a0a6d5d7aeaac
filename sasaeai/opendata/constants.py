"""The licences a municipality may publish its open data under, each with its official deed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class License(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）")
    CC0 = "CC0-1.0", _("CC0 1.0 全世界 パブリック・ドメイン提供")
    CC_BY_SA = "CC-BY-SA-4.0", _("クリエイティブ・コモンズ 表示-継承 4.0 国際（CC BY-SA 4.0）")


LICENSE_URLS = {
    License.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.ja",
    License.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
    License.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.ja",
}
# The 政府標準利用規約 asks for the source to be named; CC0 asks for nothing, but a name is kind.
ATTRIBUTION_DEFAULT = "{name}『地域の通いの場・生活支援の情報』"
ATTRIBUTION_MAX = 200
