"""Reading PDFs back in tests with poppler-utils (and QR codes with zbar), as a person would."""

import re
import subprocess
import tempfile
from pathlib import Path


def poppler(tool: str, pdf: bytes, *args: str) -> str:
    """Run pdffonts / pdfinfo / pdftotext on the bytes and return what it prints."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        path.write_bytes(pdf)
        command = [f"/usr/bin/{tool}", *args, str(path)]
        if tool == "pdftotext":
            command.append("-")
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pages(pdf: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", poppler("pdfinfo", pdf), re.M)[1])  # type: ignore[index]


def downloaded(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def qr_codes(pdf: bytes, page: int = 1) -> list[str]:
    """What a phone reads from the QR codes of a page: rendered at 150 dpi, decoded by zbarimg."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["/usr/bin/pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), str(path), f"{folder}/page"],
            check=True,
        )  # fmt: skip
        image = next(Path(folder).glob("page*.png"))
        found = subprocess.run(
            ["/usr/bin/zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True
        )
        return found.stdout.split()
