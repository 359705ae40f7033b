"""Master data for load tests and benchmarks: the demo masters plus many dealers, imported by the CLI.

    folder = masters(tmp / "masters", shops=240)   # fixtures/*.csv + dealers L0000.. on shop_phone(n)
    import_masters(db_url, folder)                 # `orderbot --db URL import FOLDER`, as staff would
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.servers import BIN, ROOT

LOAD_PHONE_PREFIX = "+9190012"  # + 5 digits: the synthetic dealers' phones


def shop_phone(n: int) -> str:
    return f"{LOAD_PHONE_PREFIX}{n:05d}"


def masters(folder: Path, shops: int) -> Path:
    """fixtures/ plus `shops` dealers L0000.. on phones shop_phone(n), limit ₹1,00,00,000 each."""
    folder.mkdir(parents=True, exist_ok=True)
    for csv in (ROOT / "fixtures").glob("*.csv"):
        shutil.copy(csv, folder / csv.name)
    with (folder / "dealers.csv").open("a") as out:
        for n in range(shops):
            out.write(f"L{n:04d},Load Test Shop {n},{shop_phone(n)},Nagpur,{'AB'[n % 2]},10000000.00,0.00,\n")
    return folder


def import_masters(db_url: str, folder: Path, timeout: float = 900) -> str:
    """Import `folder` with the CLI; its report. AssertionError with the CLI's error when it fails."""
    result = subprocess.run(
        [str(BIN / "orderbot"), "--db", db_url, "import", str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
