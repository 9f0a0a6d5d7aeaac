from ._import import ImportCommand


class Command(ImportCommand):
    help = "地域・年齢別人口のCSVを取り込みます（エラーがあれば何も書き込みません）。"
    kind = "population"
