"""councils/0004's data step: a message sent before read marks existed gets one receipt per
layer-2 council under its sender's area, counted as read when it was sent; a council's aims so
far become its first kept version (no one named: they were written before versions were kept)."""

from sasaeai.core.tests.migrating import DataMigrationTestCase, migrate, old_city, old_user

BEFORE = [("councils", "0003_edit_version")]
AFTER = [("councils", "0004_council_cycle")]


class CouncilCycleDataTests(DataMigrationTestCase):
    def test_old_messages_are_read_by_each_layer_2_council_and_aims_are_kept(self) -> None:
        old = migrate(BEFORE)
        city, user = old_city(old), old_user(old)
        area = old.get_model("areas", "Area").objects.create
        whole = area(municipality_id=city.pk, layer=1, name="全域")
        north = area(municipality_id=city.pk, layer=2, parent_id=whole.pk, name="北部")
        south = area(municipality_id=city.pk, layer=2, parent_id=whole.pk, name="南部")
        council = old.get_model("councils", "Council")

        def make(area, name, aims=""):  # type: ignore[no-untyped-def]
            return council.objects.create(
                municipality_id=city.pk, area_id=area.pk, name=name, aims=aims
            )

        layer1 = make(whole, "推進協議体", aims="市全体で支え合う")
        north_council = make(north, "北部会議")
        south_council = make(south, "南部会議", aims="歩いて行ける居場所")
        # A second layer-1 body of the same area: not below the sender, so no receipt.
        make(whole, "専門部会")
        message = old.get_model("councils", "CouncilMessage").objects.create(
            council_id=layer1.pk, kind="notice", title="研修のお知らせ", body="本文",
            sent_by_id=user.pk,
        )  # fmt: skip
        sent = message.sent_at  # when it was sent (auto_now_add): its read mark

        new = migrate(AFTER)
        receipts = new.get_model("councils", "MessageReceipt").objects.filter(message_id=message.pk)
        self.assertEqual(
            [(r.council_id, r.read_at, r.read_by_id) for r in receipts.order_by("council_id")],
            [(north_council.pk, sent, None), (south_council.pk, sent, None)],
        )
        kept = new.get_model("councils", "CouncilAims").objects.order_by("council_id")
        # 北部 and 専門部会 had neither aims nor a target state: nothing to keep.
        self.assertEqual(
            [(a.council_id, a.aims, a.changed_by_id) for a in kept],
            [(layer1.pk, "市全体で支え合う", None), (south_council.pk, "歩いて行ける居場所", None)],
        )
