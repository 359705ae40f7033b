"""Master data import (data contract section 1): the distributor's CSV files into the database.

    for result in import_dir(factory, "masters/"):   # catalog, dealers, prices, schemes, stock
        print(result)           # "catalog.csv: 40 rows: 40 created, 0 updated, 0 unchanged"

Whichever of the files the folder holds are loaded, in the order of FILES.
Each file is checked whole before anything of it is written, then written in
one transaction: a bad row raises `ImportFailed` (every bad row, each as
"FILE line N: reason") and nothing of that file is written, while files
already imported stay. The files after a bad one are not attempted, because
they may refer to what it should have loaded.

Rows are keyed (catalog: sku; dealers: code; prices: sku, uom, tier, dealer;
schemes: code, min_qty, min_value; stock: sku): a known key is updated in
place, a new one created, and importing the same file again changes nothing.
An import never deletes: SKUs, dealers, prices and scheme slabs the file
leaves out are kept (the summary says so), and orders, ledger entries and
history are never touched except that a dealer's opening balance is
settled by a new ledger entry (see dealers_file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from domain.errors import MissingFile
from domain.importing import catalog_file, dealers_file, prices_file, schemes_file, stock_file
from domain.importing.fields import ImportFailed, read_rows
from domain.importing.result import Counts, FileResult
from domain.uow import UnitOfWork

__all__ = ["FILES", "Counts", "FileResult", "ImportFailed", "import_dir", "import_file"]


@dataclass(frozen=True)
class _Spec:
    name: str
    required: tuple[str, ...]
    validate: Callable[[Any, Session], Any]
    write: Callable[[Session, Any], tuple[Counts, tuple[str, ...]]]


SPECS = (
    _Spec("catalog.csv", catalog_file.REQUIRED, catalog_file.validate, catalog_file.write),
    _Spec("dealers.csv", dealers_file.REQUIRED, dealers_file.validate, dealers_file.write),
    _Spec("prices.csv", prices_file.REQUIRED, prices_file.validate, prices_file.write),
    _Spec("schemes.csv", schemes_file.REQUIRED, schemes_file.validate, schemes_file.write),
    _Spec("stock.csv", stock_file.REQUIRED, stock_file.validate, stock_file.write),
)
FILES = tuple(spec.name for spec in SPECS)


def import_dir(factory: sessionmaker[Session], folder: str | Path) -> list[FileResult]:
    """Import every master file `folder` holds, in FILES order; raises ImportFailed at the first bad file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MissingFile(f"{folder} is not a folder")
    present = [spec.name for spec in SPECS if (folder / spec.name).is_file()]
    if not present:
        raise MissingFile(f"{folder} holds none of {', '.join(FILES)}")
    return [import_file(factory, folder / name) for name in present]


def import_file(factory: sessionmaker[Session], path: str | Path, kind: str | None = None) -> FileResult:
    """Import one file; `kind` (one of FILES) says what it is when its name does not (an upload)."""
    path = Path(path)
    spec = next((s for s in SPECS if s.name == (kind or path.name)), None)
    if spec is None:
        raise MissingFile(f"{kind or path.name} is not a master file (expected one of {', '.join(FILES)})")
    if not path.is_file():
        raise MissingFile(f"{path} does not exist")
    _, rows = read_rows(path, spec.required)
    with UnitOfWork(factory) as uow:
        items = spec.validate(rows, uow.session)
        counts, notes = spec.write(uow.session, items)
    return FileResult(path.name, len(rows), counts, notes)
