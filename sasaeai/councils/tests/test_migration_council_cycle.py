"""councils/0004's data step: a message sent before read marks existed gets one receipt per
layer-2 council under its sender's area, counted as read when it was sent; a council's aims so
far become its first kept version (no one named: they were written before versions were kept)."""

from django.test import TransactionTestCase

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.migrating import latest, migrate
from sasaeai.councils.models import CouncilAims, MessageReceipt

BEFORE = [("councils", "0003_edit_version")]


class CouncilCycleDataTests(TransactionTestCase):
    def setUp(self) -> None:
        # Areas and users are the same at both states: made with today's models.
        self.city = MunicipalityFactory(code="132012")
        self.whole = AreaFactory(municipality=self.city, name="全域")
        self.north = Layer2AreaFactory(municipality=self.city, parent=self.whole, name="北部")
        self.south = Layer2AreaFactory(municipality=self.city, parent=self.whole, name="南部")
        self.user = UserFactory()
        self.addCleanup(migrate, latest())

    def test_old_messages_are_read_by_each_layer_2_council_and_aims_are_kept(self) -> None:
        old = migrate(BEFORE)
        council = old.get_model("councils", "Council")

        def make(area, name, aims=""):  # type: ignore[no-untyped-def]
            return council.objects.create(
                municipality_id=self.city.pk, area_id=area.pk, name=name, aims=aims
            )

        layer1 = make(self.whole, "推進協議体", aims="市全体で支え合う")
        north = make(self.north, "北部会議")
        south = make(self.south, "南部会議", aims="歩いて行ける居場所")
        # A second layer-1 body of the same area: not below the sender, so no receipt.
        make(self.whole, "専門部会")
        message = old.get_model("councils", "CouncilMessage").objects.create(
            council_id=layer1.pk, kind="notice", title="研修のお知らせ", body="本文",
            sent_by_id=self.user.pk,
        )  # fmt: skip
        sent = message.sent_at  # when it was sent (auto_now_add): its read mark

        migrate(latest())
        receipts = MessageReceipt.objects.filter(message_id=message.pk).order_by("council_id")
        self.assertEqual(
            [(r.council_id, r.read_at, r.read_by_id) for r in receipts],
            [(north.pk, sent, None), (south.pk, sent, None)],
        )
        kept = CouncilAims.objects.order_by("council_id")
        # 北部 and 専門部会 had neither aims nor a target state: nothing to keep.
        self.assertEqual(
            [(a.council_id, a.aims, a.changed_by_id) for a in kept],
            [(layer1.pk, "市全体で支え合う", None), (south.pk, "歩いて行ける居場所", None)],
        )
