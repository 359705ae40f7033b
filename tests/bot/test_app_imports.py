"""A web worker starts without the PDF library: fpdf (about 31 MB RSS with Pillow and fontTools) loads
with the first PDF asked for, so each gunicorn worker stays under issue 13's 300 MB with a 100k-SKU
parser (tests/bench/memory.py measured 305 MB when the console imported it at start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from tests.support.botapp import settings
import bot
bot.create_app(settings("sqlite:///{db}", "http://127.0.0.1:9"))
print(sorted(m for m in ("fpdf", "PIL", "fontTools") if m in sys.modules))
"""


def test_the_app_starts_without_fpdf(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(db=tmp_path / "orderbot.db")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
