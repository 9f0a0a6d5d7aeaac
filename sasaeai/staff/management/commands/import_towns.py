from django.utils.translation import gettext as _

from ._import import ImportCommand


class Command(ImportCommand):
    help = _(
        "町丁目一覧のCSV（地域コード、町丁目名、ふりがな、緯度、経度、圏域名）を取り込みます。"
    )
    kind = "towns"
