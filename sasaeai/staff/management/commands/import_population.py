from django.utils.translation import gettext as _

from ._import import ImportCommand


class Command(ImportCommand):
    help = _(
        "地域・年齢別人口のCSVを取り込みます（Excel の .xlsx、英字の見出しも可。"
        "エラーがあれば何も書き込みません）。"
    )
    kind = "population"
    choices = {
        "create_towns": _(
            "町丁目一覧にない町丁目を、日常生活圏域なしで作って取り込む"
            "（ふりがなは自動で付け、要確認の印を付けます）"
        ),
    }
