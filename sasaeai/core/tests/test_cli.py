import contextlib
import io

from django.test import SimpleTestCase

from sasaeai.cli import main


class ConsoleCommandTests(SimpleTestCase):
    def run_cli(self, *args: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), self.assertRaises(SystemExit) as exit_:
            main(["sasaeai", *args])
        self.assertEqual(exit_.exception.code, 0)
        return out.getvalue()

    def test_hyphenated_names_reach_the_management_commands(self) -> None:
        self.assertIn(
            "地域・年齢別人口のCSVを取り込みます", self.run_cli("import-population", "--help")
        )
        self.assertIn("町丁目一覧のCSV", self.run_cli("import-towns", "--help"))

    def test_the_demo_command_is_available(self) -> None:
        self.assertIn("架空のデモ市", self.run_cli("demo", "--help"))
