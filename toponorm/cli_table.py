"""``toponorm csv``: a column of a CSV table resolved (or cleaned), row by row, the flat fields
appended to each row. Every cell of the input is written back as it was read (the csv module
may quote differently); a short row is padded to the header so the new fields line up.

Rows are taken ``ROWS_AT_ONCE`` at a time, each batch through ``resolve_many`` (which resolves
each distinct (name, admin columns) once: real columns repeat), so memory stays bounded and
the speed is that of the distinct names.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import os
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import Resolution

#: Rows resolved together (deduplicated within the batch; the matcher's caches span batches).
ROWS_AT_ONCE = 50_000
#: The longest cell read (a cell longer than a place name gets the status too-long).
CELL_MAX = 1 << 24
LEVELS = ("oblast", "raion", "hromada", "context")


def add_csv_command(sub: Any, jobs: Any) -> argparse.ArgumentParser:
    """The ``csv`` command's parser (the command line runs it: ``cli.cmd_csv``)."""
    p = sub.add_parser(
        "csv", help="resolve (or clean) a column of a CSV table",
        description="Read a CSV table whose first line is its header, and append to each row "
                    "the unit its --column names: status, id, name, name_uk, kind, oblast, "
                    "raion, hromada, their ids, pcode, lat, lon, point_source, geonames_id, "
                    "score, "
                    "confidence, namesakes, reason (each prefixed; empty where there is no "
                    "value). With --clean, append the column's text with its place names "
                    "rewritten instead. Every cell read is written back.")
    p.add_argument("file", nargs="?", default="-", metavar="FILE",
                   help="the table; none or '-' reads stdin")
    p.add_argument("--column", required=True, metavar="NAME",
                   help="the header of the column that holds the place names (or texts)")
    for level in LEVELS[:3]:
        p.add_argument(f"--{level}-column", metavar="NAME",
                       help=f"a column that holds each row's {level} (any spelling, or a "
                            f"code): a constraint on that row's answer")
    p.add_argument("--context-column", metavar="NAME",
                   help="a column of text around each row's name (its places choose among "
                        "namesakes)")
    p.add_argument("--clean", action="store_true",
                   help="treat the column as text: append it with its place names rewritten "
                        "(one field, PREFIX + 'text'), each cell a document of its own")
    p.add_argument("--prefix", default="toponorm_", metavar="PREFIX",
                   help="prefix of the appended headers (default 'toponorm_')")
    p.add_argument("-d", "--delimiter", default=",", type=_delimiter, metavar="CHAR",
                   help="the field separator: one character, or 'tab' (default ',')")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    p.add_argument("-j", "--jobs", type=jobs, default=os.cpu_count() or 1, metavar="N",
                   help="resolve in N processes (0: one per core); rows keep their order. "
                        "Default: one per core (a batch of a few hundred distinct names or "
                        "fewer stays in one process)")
    return p


def _delimiter(text: str) -> str:
    if text.lower() in ("tab", "\\t"):
        return "\t"
    if len(text) != 1 or text in "\r\n\"":
        raise argparse.ArgumentTypeError(f"must be one character (or 'tab'), not {text!r}")
    return text


class TableError(Exception):
    """The table cannot be read as asked (no header, no such column, bad CSV)."""


#: How many rows longer than the header are told on stderr.
_LONG_ROWS_TOLD = 10


def table_pieces(f: IO[str], label: str, args: argparse.Namespace,
                 warn: Callable[[str], None] = lambda message: None) -> Iterator[str]:
    """The output table, in pieces: the header, then each batch of rows. ``f`` is the input
    decoded with surrogateescape (bytes that are not UTF-8 go back out as they came); read
    errors (OSError) are the caller's to report; ``warn`` hears of rows longer than the
    header (their cells are all kept, so the appended fields come after them)."""
    try:
        yield from _pieces(f, label, args, warn)
    except csv.Error as e:
        raise TableError(f"{label}: not a CSV table as read with delimiter "
                         f"{args.delimiter!r}: {e}") from None


def _pieces(f: IO[str], label: str, args: argparse.Namespace,
            warn: Callable[[str], None]) -> Iterator[str]:
    csv.field_size_limit(CELL_MAX)
    first = f.readline()
    if not first.strip("\r\n"):
        raise TableError(f"{label} holds no header line: a table needs one")
    ending = "\r\n" if first.endswith("\r\n") else "\n"
    rows = csv.reader(itertools.chain([first], f), delimiter=args.delimiter)
    header = next(rows)
    names = [h.lstrip("\ufeff").strip() for h in header]  # (a BOM before the first header)
    columns = {"name": args.column, **{lv: getattr(args, f"{lv}_column") for lv in LEVELS}}
    where: dict[str, int] = {}
    for role, column in columns.items():
        if column is None:
            continue
        if column not in names:
            raise TableError(f"{label} has no column {column!r}; its columns: "
                           + ", ".join(repr(n) for n in names))
        where[role] = names.index(column)
    added = ["text"] if args.clean else list(fields())
    yield _rows([header + [args.prefix + a for a in added]], args.delimiter, ending)
    batch: list[list[str]] = []
    long_rows = 0
    while True:
        try:
            row = next(rows, None)
        except csv.Error as e:
            # the rows read so far are written before the table is given up
            if batch:
                yield _rows(_appended(batch, where, args), args.delimiter, ending)
            too_big = "field larger than field limit" in str(e)
            raise TableError(
                f"{label}:{rows.line_num}: "
                + (f"a cell longer than {CELL_MAX:,} characters" if too_big else str(e))
                + "; the rows before it were written, the rest were not read") from None
        if row is not None:
            if len(row) > len(header):
                long_rows += 1
                if long_rows <= _LONG_ROWS_TOLD:
                    warn(f"{label}:{rows.line_num}: {len(row)} fields, the header has "
                         f"{len(header)}: the appended fields follow all of them"
                         + (" (further such rows are not told)"
                            if long_rows == _LONG_ROWS_TOLD else ""))
            batch.append(row + [""] * (len(header) - len(row)))
        if batch and (row is None or len(batch) >= ROWS_AT_ONCE):
            yield _rows(_appended(batch, where, args), args.delimiter, ending)
            batch = []
        if row is None:
            break


def _appended(rows: list[list[str]], where: dict[str, int], args: argparse.Namespace
              ) -> list[list[str]]:
    from .api import default

    tn = default()
    cells = [r[where["name"]] for r in rows]
    if args.clean:
        texts = tn.clean_many(cells, n_jobs=args.jobs)
        return [[*r, str(t)] for r, t in zip(rows, texts, strict=True)]
    contexts = None
    if len(where) > 1:
        contexts = [{role: r[i] for role, i in where.items() if role != "name"} for r in rows]
    done = tn.resolve_many(cells, contexts=contexts, n_jobs=args.jobs)
    names = fields()
    return [r + _fields(res, names) for r, res in zip(rows, done, strict=True)]


def fields() -> tuple[str, ...]:
    """The fields appended to each row (after the prefix), in order: the flat record without
    the input, which is the row's own cell. (The matcher is imported only when a table is
    read: the command line starts without it.)"""
    from .batch import RECORD_COLUMNS
    return tuple(c for c in RECORD_COLUMNS if c != "input")


def _fields(res: Resolution, names: tuple[str, ...]) -> list[str]:
    record = res.record()
    return ["" if record[f] is None else str(record[f]) for f in names]


def _rows(rows: list[list[str]], delimiter: str, ending: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=ending).writerows(rows)
    return buf.getvalue()
