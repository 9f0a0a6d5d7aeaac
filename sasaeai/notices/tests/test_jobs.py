"""Background jobs tell the one who asked (core.signals.job_ended → notices): a large import's
steps and a generated file, done or failed, each once."""

from unittest import mock

from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.areas.tests.test_population_import import TOWN_A, TOWN_B, csv_text
from sasaeai.core import generated_files, imports, tasks
from sasaeai.core.models import GeneratedFile
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice

# Line 2 is a town of the city, line 3 a town it does not have.
GOOD_AND_BAD = [
    ("001", "本町一丁目", "2025/10/1", TOWN_A, None),
    ("099", "存在町", "2025/10/1", TOWN_B, None),
]


def notices() -> list[tuple[str, str, str, str, str]]:
    rows = Notice.objects.order_by("pk").values_list(
        "user__username", "kind", "title", "url", "body"
    )
    return list(rows)


class ImportJobTests(TestCase):
    """The worker's jobs run through django_tasks (immediate in tests), as the upload page
    enqueues them for a file over imports.BACKGROUND_BYTES."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        TownFactory(area=Layer2AreaFactory(municipality=cls.city), code="001", name="本町一丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city, user__username="uploader")
        cls.batch = imports.batch_create(
            municipality=cls.city, kind="population", name="人口.csv",
            data=csv_text(rows=GOOD_AND_BAD).encode("cp932"), user=cls.user,
        )  # fmt: skip
        cls.page = f"/staff/132012/imports/{cls.batch.pk}/"

    def test_the_preview_and_the_commit_each_tell_the_uploader_they_are_done(self) -> None:
        tasks.preview_import.enqueue(self.batch.pk)
        tasks.commit_import.enqueue(self.batch.pk, [3], self.user.pk)  # line 3 left out
        self.assertEqual(
            notices(),
            [
                ("uploader", NoticeKind.JOB_DONE, "取込ファイルの読み込みが終わりました：人口.csv",
                 self.page, ""),
                ("uploader", NoticeKind.JOB_DONE, "取込が終わりました：人口.csv", self.page, ""),
            ],
        )  # fmt: skip

    def test_a_refused_commit_is_a_failure_with_the_reason(self) -> None:
        tasks.commit_import.enqueue(self.batch.pk, [], self.user.pk)  # line 3 left in
        self.assertEqual(
            notices(),
            [
                ("uploader", NoticeKind.JOB_FAILED, "取込ができませんでした：人口.csv", self.page,
                 "エラーのある行（3行目）を直すか、取り込まない行として選んでください。"),
            ],
        )  # fmt: skip

    def test_a_job_that_breaks_is_a_failure_with_the_error(self) -> None:
        broken = mock.patch.object(
            imports, "batch_preview_kept", side_effect=RuntimeError("ディスクがいっぱいです")
        )
        with broken:
            result = tasks.preview_import.enqueue(self.batch.pk)
        self.assertEqual(result.status, "FAILED")  # the worker records the error too
        self.assertEqual(
            notices(),
            [
                ("uploader", NoticeKind.JOB_FAILED, "取込ファイルを読み込めませんでした：人口.csv",
                 self.page, "読み込みに失敗しました: ディスクがいっぱいです"),
            ],
        )  # fmt: skip


class GeneratedFileTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city, user__username="asker")

    def make(self, user) -> GeneratedFile:  # type: ignore[no-untyped-def]
        return generated_files.generated_file_create(
            municipality=self.city, user=user, title="地域資源シート（北部圏域）", kind="sheets"
        )

    def finish(self, generated: GeneratedFile) -> None:
        # The notice follows the commit of the finished row (transaction.on_commit).
        with self.captureOnCommitCallbacks(execute=True):
            generated_files.generated_file_finish(
                generated=generated, name="sheets.pdf", content=b"%PDF-1.7"
            )

    def test_a_finished_file_tells_its_creator_once(self) -> None:
        generated = self.make(self.user)
        self.finish(generated)
        self.finish(generated)  # the job run again: still one notice
        self.assertEqual(
            notices(),
            [
                ("asker", NoticeKind.JOB_DONE, "ファイルができました：地域資源シート（北部圏域）",
                 f"/staff/132012/files/{generated.pk}/", ""),
            ],
        )  # fmt: skip

    def test_a_failed_file_tells_its_creator_with_the_error(self) -> None:
        generated = self.make(self.user)
        with self.captureOnCommitCallbacks(execute=True):
            generated_files.generated_file_fail(pk=generated.pk, error="PDFを作れませんでした")
        self.assertEqual(
            notices(),
            [
                ("asker", NoticeKind.JOB_FAILED,
                 "ファイルを作成できませんでした：地域資源シート（北部圏域）",
                 f"/staff/132012/files/{generated.pk}/", "PDFを作れませんでした"),
            ],
        )  # fmt: skip

    def test_a_file_nobody_asked_for_tells_no_one(self) -> None:
        generated = self.make(None)  # e.g. the portal's handout, made for residents
        self.finish(generated)
        with self.captureOnCommitCallbacks(execute=True):
            generated_files.generated_file_fail(pk=generated.pk, error="PDFを作れませんでした")
        self.assertEqual(notices(), [])
