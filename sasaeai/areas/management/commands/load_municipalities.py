"""`sasaeai load-municipalities`: the national municipality master, wards as layer-1 areas."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sasaeai.areas.constants import MUNICIPALITY_MASTER_CSV
from sasaeai.areas.services import municipalities_load_master


class Command(BaseCommand):
    help = _(
        "全国の市町村マスタ（localgovjp の CSV）を読み込みます。指定都市の区は第1層の圏域になります。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help=_("CSV ファイルの場所（既定: 同梱の sasaeai/areas/data/localgovjp-utf8.csv）"),
        )
        parser.add_argument(
            "--prefecture", default="", help=_("この都道府県の市町村だけを読み込む（例: 東京都）")
        )

    def handle(self, *args, **options):
        path = options["path"] or MUNICIPALITY_MASTER_CSV
        if not path.is_file():
            raise CommandError(
                _("市町村マスタのファイルが見つかりません: %(path)s") % {"path": path}
            )
        try:
            result = municipalities_load_master(path=path, prefecture=options["prefecture"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("市町村 %(m)s件と指定都市の区 %(w)s件を読み込みました。")
                % {"m": f"{result.municipalities:,}", "w": f"{result.wards:,}"}
            )
        )
