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

    def run_help(self, *args: str) -> str:
        """`sasaeai help <command>`: Django prints the help and returns (no SystemExit)."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(main(["sasaeai", "help", *args]), 0)
        return out.getvalue()

    def test_help_accepts_the_hyphenated_and_the_underscored_name_of_every_mapped_command(
        self,
    ) -> None:
        options = {
            "import-population": ("--municipality", "--user", "--dry-run", "--exclude-errors"),
            "import-towns": ("--municipality", "--user", "--dry-run", "--exclude-errors"),
            "import-resources": ("--municipality", "--user", "--kind", "--open-data", "--dry-run"),
            "load-municipalities": ("--path", "--prefecture"),
        }
        for name, expected in options.items():
            for typed in (name, name.replace("-", "_")):
                with self.subTest(typed):
                    text = self.run_help(typed)
                    self.assertIn(f"usage: sasaeai {typed} ", text)
                    for option in expected:
                        self.assertIn(option, text)

    def test_help_names_serve_and_its_address(self) -> None:
        text = self.run_help("serve")
        self.assertIn("usage: sasaeai serve [-h] [address]", text)
        self.assertIn("開発サーバーとバックグラウンド処理", text)

    def test_the_command_list_shows_the_hyphenated_names(self) -> None:
        text = self.run_help()
        self.assertIn(
            "[sasaeai]\n    serve\n    import-population\n    import-resources\n    import-towns\n",
            text,
        )
