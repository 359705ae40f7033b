"""Master data import (data contract section 1): the distributor's CSV files into the database.

    for result in import_dir(factory, "masters/"):   # catalog, dealers, prices, schemes, stock
        print(result)           # "catalog.csv: 40 rows: 40 created, 0 updated, 0 unchanged"

Whichever of the files the folder holds are loaded, in the order of FILES.
Each file is checked whole before anything of it is written, then written in
one transaction: a bad row raises `ImportFailed` (every bad row, each as
"FILE line N: reason") and nothing of that file is written, while files
already imported stay. The files after a bad one are not attempted, because
they may refer to what it should have loaded.

A preview (`dry_run=True`) does all of that, checks and writes included, in
one transaction it then rolls back: the results say what would change and
nothing is written. A folder is previewed as one, so a price may name a SKU
its catalog.csv adds.

Each result names every field it changed per row
("D03: credit_limit 100000.00 -> 120000.00; reps +919000000001"). An empty
optional cell keeps the stored value and `-` or `none` clears it (docs/masters.md).

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

__all__ = [
    "FILES",
    "Counts",
    "FileResult",
    "ImportFailed",
    "Progress",
    "count_rows",
    "files_in",
    "import_dir",
    "import_file",
]

Progress = Callable[[int, int], None]  # (rows written so far, rows in the file)
FileProgress = Callable[[str, int, int], None]  # (file, rows written so far, rows in it)


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


def import_dir(
    factory: sessionmaker[Session],
    folder: str | Path,
    *,
    dry_run: bool = False,
    progress: FileProgress | None = None,
) -> list[FileResult]:
    """Import every master file `folder` holds, in FILES order; raises ImportFailed at the first bad file.
    With `dry_run` nothing is written: the results say what the import would do. `progress(file, done,
    total)` hears of each file's rows as they are written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MissingFile(f"{folder} is not a folder")
    present = [spec.name for spec in SPECS if (folder / spec.name).is_file()]
    if not present:
        raise MissingFile(f"{folder} holds none of {', '.join(FILES)}")

    def of(name: str) -> Progress | None:
        return None if progress is None else (lambda done, total: progress(name, done, total))

    if not dry_run:
        return [import_file(factory, folder / name, progress=of(name)) for name in present]
    with UnitOfWork(factory) as uow:
        try:
            return [_run(uow.session, folder / name, _spec(name), of(name), preview=True) for name in present]
        finally:
            uow.rollback()


def import_file(
    factory: sessionmaker[Session],
    path: str | Path,
    kind: str | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> FileResult:
    """Import one file; `kind` (one of FILES) says what it is when its name does not (an upload).
    `dry_run`: check and compare, write nothing. `progress(done, total)` hears of large writes."""
    path = Path(path)
    spec = _spec(kind or path.name)
    with UnitOfWork(factory) as uow:
        result = _run(uow.session, path, spec, progress, preview=dry_run)
        if dry_run:
            uow.rollback()
    return result


def files_in(folder: str | Path) -> list[str]:
    """The master files `folder` holds, in FILES order."""
    return [spec.name for spec in SPECS if (Path(folder) / spec.name).is_file()]


def count_rows(path: str | Path, kind: str | None = None) -> int:
    """The data rows of a master file (its layout checked), for a progress bar's total."""
    path = Path(path)
    return len(read_rows(path, _spec(kind or path.name).required)[1])


def _spec(name: str) -> _Spec:
    spec = next((s for s in SPECS if s.name == name), None)
    if spec is None:
        raise MissingFile(f"{name} is not a master file (expected one of {', '.join(FILES)})")
    return spec


def _run(
    session: Session, path: Path, spec: _Spec, progress: Progress | None, *, preview: bool
) -> FileResult:
    if not path.is_file():
        raise MissingFile(f"{path} does not exist")
    _, rows = read_rows(path, spec.required)
    items = spec.validate(rows, session)
    if spec.name == "catalog.csv":
        counts, notes = catalog_file.write(session, items, progress)
    else:
        counts, notes = spec.write(session, items)
    session.flush()
    if progress is not None:
        progress(len(rows), len(rows))
    return FileResult(path.name, len(rows), counts, notes, tuple(counts.changes), preview)
