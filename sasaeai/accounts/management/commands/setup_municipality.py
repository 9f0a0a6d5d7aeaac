"""`sasaeai setup-municipality CODE --admin USERNAME`: 「利用を始める」 for scripted installs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.accounts import services

# How the service's fields are named in a refusal (the command's options, not form labels).
FIELD_NAMES = {
    "code": gettext_lazy("全国地方公共団体コード"),
    "username": "--admin",
    "email": "--email",
}


class Command(BaseCommand):
    help = _(
        "市町村の利用を始めます: 市町村マスタから市町村と第1層の圏域（指定都市は各区）を作り、"
        "最初の市町村管理者を作成して、パスワードを設定する1回だけ使えるリンクを表示します。"
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help=_("全国地方公共団体コード（6桁、例: 132209）"))
        parser.add_argument("--admin", required=True, help=_("市町村管理者のユーザー名"))
        parser.add_argument(
            "--email", default="", help=_("メールアドレス（リンクをメールでも送る）")
        )
        parser.add_argument("--display-name", default="", help=_("表示名"))

    def handle(self, *args, **options):
        try:
            result = services.municipality_start(
                code=options["code"],
                username=options["admin"],
                email=options["email"],
                display_name=options["display_name"],
            )
        except ValidationError as error:
            raise CommandError(refusal(error)) from error
        link = services.password_link(user=result.admin, base_url=settings.SITE_URL)
        mailed = services.password_link_send(
            user=result.admin, link=link, municipality=result.municipality
        )
        at = services.link_valid_until()
        until = f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)sの利用を始めました（第1層の圏域 %(n)s件）。")
                % {"name": result.municipality, "n": result.layer1_areas}
            )
        )
        self.stdout.write(
            _(
                "市町村管理者「%(username)s」を作成しました。次のリンクからパスワードを"
                "設定してください（1回だけ使えます。有効期限: %(until)s）:"
            )
            % {"username": result.admin.username, "until": until}
        )
        self.stdout.write(link)
        if mailed:
            self.stdout.write(
                _("同じリンクを %(email)s にも送りました。") % {"email": result.admin.email}
            )


def refusal(error: ValidationError) -> str:
    """Every refusal, one line each, named by the option it came from."""
    return "\n".join(
        f"{FIELD_NAMES.get(field, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    )
