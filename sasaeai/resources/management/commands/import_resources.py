from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sasaeai.accounts.models import User
from sasaeai.core.imports import batch_map_values
from sasaeai.core.models import ImportBatch
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.importers.flat import KIND, OPEN_DATA, label_value
from sasaeai.staff.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = _(
        "地域資源の一覧（Excel の .xlsx・CSV）を取り込みます。列の割り当てと値の割り当ては、"
        "画面で確定してこの市町村が記憶したものを使い、なければ見出しから判断します"
        "（エラーや種類の決まらない行があれば何も書き込みません）。"
    )
    kind = "resources_flat"
    choices = {OPEN_DATA.name: str(OPEN_DATA.label) + "（" + str(OPEN_DATA.help) + "）"}

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        kinds = "、".join(str(label) for label in ResourceKind.labels)
        parser.add_argument(
            "--kind",
            default="",
            help=_("種類を書いていない行の種類（%(kinds)s。英字のコードも可）") % {"kinds": kinds},
        )

    def prepare(self, batch: ImportBatch, options: dict[str, Any], user: User) -> None:
        """--kind: the value-mapping step's 「（空欄・列なし）」 choice, as on the preview page."""
        if not options["kind"]:
            return
        kind = label_value(ResourceKind, options["kind"])
        if kind is None:
            kinds = "、".join(str(label) for label in ResourceKind.labels)
            raise CommandError(
                _("--kind 「%(kind)s」は種類にありません（%(kinds)s）。")
                % {"kind": options["kind"], "kinds": kinds}
            )
        batch_map_values(batch=batch, choices={KIND: {"": kind}}, user=user)
