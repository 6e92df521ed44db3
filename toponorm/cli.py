"""The toponorm command line: clean and find place names in text; resolve, rank, explain names.

Text is read as bytes and decoded with ``surrogateescape``, so every byte that is not part of a
rewritten name is written back unchanged (invalid UTF-8, CRLF, a BOM, no added newline).
Input is streamed in blocks, one TextFilter per file, so memory stays bounded on any size.
Like cat and grep, a file or name that fails is reported on stderr and the rest are still done;
the exit status is then 1.

Exit status: 0 success; 1 a runtime error, one line on stderr each (an input or name that
fails, an output that cannot be written, stdin or stdout closed); 2 a usage error (from the
parser, or -o and --report naming one file, or ``--report -`` with the text on stdout too);
130 interrupted (SIGINT); 128 + N for signal N (SIGHUP 129, SIGTERM 143) while clean or find
write, which leave the output files as they were. Only stdout's reader going away (``| head``)
ends a run quietly, with status 0; stderr going away or closed silences the diagnostics, never
the output.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import io
import itertools
import json
import os
import re
import reprlib
import signal
import stat
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, TypeVar

from . import __version__, candidates, heap, resolve
from .cli_table import TableError, add_csv_command, table_pieces
from .errors import AreaError, InputValueError, ToponormError, require_cutoff
from .text.segments import SEGMENT, segments
from .tuning import CUTOFF
from .types import Match, Mention

if TYPE_CHECKING:
    from .api import Toponorm
    from .text.filter import TextFilter

BLOCK = 1 << 20  #: bytes read at a time
_TRIM_EVERY = 4 * BLOCK  #: input between two hand-backs of freed memory (heap.py)
#: Where a document ends with ``--docs``: the end of a line, of a run of blank lines, a form
#: feed (the separator is the end of the document before it).
DOCUMENT_ENDS = {"line": re.compile(r"\r?\n|\r(?!$)"),
                 "blank": re.compile(r"(?:\r?\n)(?:[ \t]*\r?\n)+"),
                 "formfeed": re.compile(r"\f")}
#: A document (or JSON line) longer than this is taken in segments as it comes, not whole:
#: memory stays bounded on any input.
DOCUMENT_MAX = 1 << 24
#: Characters of documents a worker process gets at a time (``--jobs``; the tests make it small
#: through the environment, to spread a few documents over the workers).
JOB_BATCH = int(os.environ.get("TOPONORM_TEST_JOB_BATCH", 1 << 16))
MAX_CANDIDATES_SHOWN = 5  #: candidates ``explain`` lists when it abstains
TABLE_BLOCK = 1000  #: rows ``find --table`` aligns together (memory stays bounded)


class CliError(Exception):
    """A runtime problem that ends the run, reported as one line on stderr with exit status 1."""


class UsageError(CliError):
    """Options that contradict each other: one line on stderr, exit status 2 (as the parser's)."""


class InputError(CliError):
    """One input cannot be read: it is reported and skipped, the others are still processed."""


class StdoutGone(Exception):
    """Stdout's reader went away (EPIPE, e.g. ``| head``): the one quiet end of a run."""


class Signalled(BaseException):
    """SIGTERM or SIGHUP while clean or find write: ends the run like KeyboardInterrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# -- entry point ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    _hold_closed_std_fds()
    try:
        # (the matcher is loaded here, not when the command starts: Ctrl-C while it loads
        # ends the run like any other, quietly with status 130)
        _toponorm()
        args = build_parser().parse_args(argv)  # usage errors exit 2 here
        status = args.run(args)
        _flush_stdout()  # a write error must surface here, not at interpreter exit
        return status
    except UsageError as e:
        _error(f"error: {e}")
        return 2
    except (CliError, ToponormError) as e:
        _error(str(e))
        return 1
    except StdoutGone:
        return 0  # the reader has all it wants
    except KeyboardInterrupt:
        return 130
    except Signalled as e:
        return 128 + e.signum


def _toponorm() -> Toponorm:
    from .api import default
    return default()


def _text_filter(about_ukraine: bool, cutoff: float) -> TextFilter:
    """The filter of one input (``--about-ukraine`` is True or, unset, None: decide)."""
    return _toponorm().text_filter(about_ukraine=True if about_ukraine else None,
                                   score_cutoff=cutoff)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toponorm",
        description="Resolve garbled, Russian, old and foreign forms of Ukrainian place names "
                    "to official units and rewrite them in English text.")
    parser.add_argument("--version", action="version", version=f"toponorm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    files = argparse.ArgumentParser(add_help=False)
    files.add_argument("files", nargs="*", metavar="FILE", default=["-"],
                       help="input files; none or '-' reads stdin")
    files.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    files.add_argument("--stats", action="store_true",
                       help="print a summary (mentions found, rewritten, unchanged) on stderr")
    files.add_argument("-q", "--quiet", action="store_true",
                       help="no progress display on stderr")
    files.add_argument("--cutoff", type=_cutoff, default=CUTOFF, metavar="SCORE",
                       help=f"the base score (0-100) a garbled name needs to be rewritten "
                            f"(default {CUTOFF:g}; higher: fewer, surer rewrites); a city "
                            f"needs less, a village or a short name more")
    files.add_argument("--about-ukraine", action="store_true",
                       help="the text is about Ukraine: take garbles and villages even where "
                            "it names no city outright (by default that is required)")
    files.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="with --docs or --jsonl: find in N processes at once (0: one per "
                            "core); the output keeps the input's order. Default: one per "
                            "core; an input of one batch (64K characters) stays in one "
                            "process, where starting workers would cost more than they save")
    docs = files.add_mutually_exclusive_group()
    docs.add_argument("--docs", choices=sorted(DOCUMENT_ENDS), default=None,
                      help="the input holds many documents, each ending at a line end "
                           "('line'), a blank line ('blank') or a form feed ('formfeed'): "
                           "context (places, people, topic) never crosses from one to the "
                           "next. By default a file is one document")
    docs.add_argument("--jsonl", metavar="FIELD",
                      help="each input line is a JSON object whose string FIELD is one "
                           "document; clean writes each object back with FIELD cleaned, find "
                           "numbers its records by line ('doc'). A line that is no such object "
                           "is written unchanged and reported")

    p = sub.add_parser("clean", parents=[files], help="rewrite place names in text",
                       description="Rewrite the Ukrainian place names in text to their "
                                   "canonical form; every other byte is kept.")
    p.add_argument("--report", metavar="FILE",
                   help="write one JSON line per edit to FILE (offsets are characters of the "
                        "decoded input)")
    p.add_argument("--explain", action="store_true",
                   help="on stderr, one line per rewritten name saying why, as "
                        "FILE:LINE:COLUMN: (1-based; the column counts characters)")
    p.set_defaults(run=cmd_clean)

    p = sub.add_parser("find", parents=[files], help="list place names found in text",
                       description="Print the place names found in text as JSON lines.")
    p.add_argument("--table", action="store_true",
                   help=f"print an aligned table instead (aligned in blocks of {TABLE_BLOCK:,} "
                        f"rows: memory stays bounded)")
    p.set_defaults(run=cmd_find)
    _add_name_commands(sub)
    add_csv_command(sub, _jobs).set_defaults(run=cmd_csv)
    return parser


def _add_name_commands(sub: Any) -> None:
    """The commands that take place names: resolve, candidates, explain."""
    names = argparse.ArgumentParser(add_help=False)
    names.add_argument("--context", metavar="TEXT",
                       help="text around the name(s); the places it names choose among "
                            "namesakes")
    for level in ("oblast", "raion", "hromada"):
        names.add_argument(f"--{level}", metavar="NAME",
                           help=f"the {level} the name(s) lie in (any spelling, or a KATOTTG "
                                f"id): a constraint")

    cutoff: dict[str, Any] = {
        "type": _cutoff, "default": CUTOFF, "metavar": "SCORE",
        "help": f"the base score (0-100) a garbled name needs to resolve (default "
                f"{CUTOFF:g}; each kind moves it: a city needs less, a village more)"}
    p = sub.add_parser("resolve", parents=[names], help="resolve names to units",
                       description="Print per name: query, id, name, kind, oblast, score "
                                   "(tab-separated; '-' when the name resolves to nothing).")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON lines")
    p.add_argument("--cutoff", **cutoff)
    p.add_argument("--strict", action="store_true",
                   help="exit with status 1 if any name did not resolve")
    p.set_defaults(run=cmd_resolve)

    p = sub.add_parser("candidates", parents=[names], help="rank the units a name may mean",
                       description="Print ranked candidates: rank, id, name, kind, oblast, "
                                   "score (tab-separated).")
    p.add_argument("name", metavar="NAME")
    p.add_argument("-n", "--limit", type=_positive_int, default=10, metavar="N",
                   help="how many (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON lines")
    p.set_defaults(run=cmd_candidates)

    p = sub.add_parser("explain", parents=[names], help="show why a name resolves as it does",
                       description="Print the steps from the name to its unit, or the top "
                                   "candidates when it abstains.")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--cutoff", **cutoff)
    p.set_defaults(run=cmd_explain)


def _cutoff(text: str) -> float:
    try:
        return require_cutoff(float(text))
    except (ValueError, ToponormError):
        raise argparse.ArgumentTypeError(
            f"must be a score between 0 and 100, not {text!r}") from None


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more, not {n}")
    return n or (os.cpu_count() or 1)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text!r}")
    return value


# -- clean and find ---------------------------------------------------------------------------
def cmd_clean(args: argparse.Namespace) -> int:
    stats, failed, partial = Stats(), 0, 0
    _check_destinations(args.output, args.report)
    with _signals_end_run(), _Output(args.output, args.files) as out, \
            _Output(args.report, args.files, optional=True) as report:
        for path in args.files:
            label, file_stats = path, Stats()
            lines = _Lines() if args.explain else None
            out.begin()
            report.begin()
            try:
                if args.jsonl is not None:
                    partial += _clean_json_lines(path, args, out, report, file_stats)
                    stats.merge(file_stats)
                    continue
                for base, segment, mentions in _scan(path, args.quiet, args.about_ukraine,
                                                     args.cutoff, args.docs, args.jobs):
                    file_stats.add(mentions)
                    out.write(_rewrite(segment, mentions).encode("utf-8", "surrogateescape"))
                    if lines is not None:
                        lines.feed(base, segment)
                    for m in mentions:
                        if m.replacement == m.text:
                            continue
                        report.write(_json_line(_edit_record(label, base, m)).encode())
                        if lines is not None:
                            line, col = lines.at(base + m.start)
                            _diag(f"{label}:{line}:{col}: {m.place.explain()}\n")
            except InputError as e:
                out.drop()
                report.drop()
                _error(str(e))
                failed += 1
                continue
            stats.merge(file_stats)
        _finish([out, report], replace=failed < len(args.files))
    if args.stats:
        stats.print()
    return 1 if failed or partial else 0


def _clean_json_lines(path: str, args: argparse.Namespace, out: _Output, report: _Output,
                      stats: Stats) -> int:
    """clean --jsonl of one input; 1 if some line held no document, else 0."""
    lines = JsonLines(args.jsonl, path)
    for number, piece, obj, doc, mentions in _json_scan(path, args, lines):
        stats.add(mentions)
        if obj is None or all(m.replacement == m.text for m in mentions):
            out.write(piece.encode("utf-8", "surrogateescape"))
            continue
        out.write(lines.rewritten(number, piece, doc, mentions)
                  .encode("utf-8", "surrogateescape"))
        for m in mentions:
            if m.replacement != m.text:
                report.write(_json_line({**_edit_record(path, 0, m), "doc": number}).encode())
                if args.explain:
                    _diag(f"{path}:{number}: {m.place.explain()}\n")
    return 1 if lines.bad else 0


def cmd_find(args: argparse.Namespace) -> int:
    stats, failed, partial = Stats(), 0, 0
    table = _TableWriter() if args.table else None
    with _signals_end_run(), _Output(args.output, args.files) as out:
        for path in args.files:
            label, file_stats = path, Stats()
            if table is not None:
                table.flush(out)  # what earlier inputs found is theirs: out of drop()'s reach
            out.begin()
            try:
                for doc, base, mentions in _found(path, args):
                    file_stats.add(mentions)
                    for m in mentions:
                        if table is not None:
                            table.add(out, _mention_row(label, base, m, doc))
                        else:
                            record = _mention_record(label, base, m)
                            if doc is not None:
                                record = {"file": label, "doc": doc, **record}
                            out.write(_json_line(record).encode())
            except _LinesFailed:
                partial += 1  # (each line reported; what the others hold stays)
            except InputError as e:
                out.drop()
                if table is not None:
                    table.drop(out)
                _error(str(e))
                failed += 1
                continue
            stats.merge(file_stats)
        if table is not None:
            table.flush(out)
        _finish([out], replace=failed < len(args.files))
    if args.stats:
        stats.print()
    return 1 if failed or partial else 0


def cmd_csv(args: argparse.Namespace) -> int:
    label = "stdin" if args.file == "-" else repr(args.file)
    with _signals_end_run(), _Output(args.output, [args.file]) as out, ExitStack() as stack:
        text = io.TextIOWrapper(_open_input(args.file, stack), encoding="utf-8",
                                errors="surrogateescape", newline="")
        stack.callback(text.detach)  # (stdin's buffer stays open for the interpreter)
        out.begin()
        try:
            for piece in table_pieces(text, label, args, warn=_error):
                out.write(piece.encode("utf-8", "surrogateescape"))
        except TableError as e:
            raise CliError(str(e)) from None
        except OSError as e:
            raise CliError(f"cannot read {label}: {e.strerror or e}") from None
        _finish([out], replace=True)
    return 0


def _found(path: str, args: argparse.Namespace
           ) -> Iterator[tuple[int | None, int, list[Mention]]]:
    """(document number or None, offset, mentions) for find: with --jsonl each line's
    mentions, offsets into its document, the line numbered; else offsets into the input."""
    if args.jsonl is None:
        for base, _, mentions in _scan(path, args.quiet, args.about_ukraine, args.cutoff,
                                       args.docs, args.jobs):
            yield None, base, mentions
        return
    lines = JsonLines(args.jsonl, path)
    for number, _, _, _, mentions in _json_scan(path, args, lines):
        yield number, 0, mentions
    if lines.bad:
        raise _LinesFailed


class _LinesFailed(Exception):
    """Some --jsonl lines held no document: they were reported; the exit status is 1."""


class _TableWriter:
    """``find --table``: rows aligned in blocks of ``TABLE_BLOCK``, so that memory stays
    bounded on any input; the header once, before the first row."""

    HEADER = ("file", "start", "end", "text", "replacement", "kind", "id", "oblast", "score")

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.header = False  # written, and out of drop()'s reach or in a stream
        self.header_now = False  # written by the current input (drop() cuts it)

    def add(self, out: _Output, row: list[str]) -> None:
        self.rows.append(row)
        if len(self.rows) >= TABLE_BLOCK:
            self._write(out)

    def flush(self, out: _Output) -> None:
        if self.rows:
            self._write(out)
        self.header_now = False

    def drop(self, out: _Output) -> None:
        self.rows.clear()
        if self.header_now and not out.stream:
            self.header = False  # drop() cut it with the input's rows
        self.header_now = False

    def _write(self, out: _Output) -> None:
        text = _table(list(self.HEADER), self.rows)
        if self.header:
            text = text.split("\n", 1)[1]
        else:
            self.header = self.header_now = True
        out.write(text.encode("utf-8", "surrogateescape"))
        self.rows.clear()


class _Lines:
    """1-based (line, column) of character offsets asked for in increasing order, with the
    segments fed in order: each character is scanned once, whatever the file's size."""

    def __init__(self) -> None:
        self.line, self.line_start = 1, 0  # line_start: the offset where self.line begins
        self.base, self.text, self.pos = 0, "", 0  # pos: counted up to here

    def feed(self, base: int, segment: str) -> None:
        self.at(self.base + len(self.text))  # count the rest of the previous segment
        self.base, self.text = base, segment
        if base == 0 and segment.startswith("\ufeff"):
            self.line_start = 1  # editors do not show a BOM: it takes no column

    def at(self, offset: int) -> tuple[int, int]:
        i, j = self.pos - self.base, offset - self.base
        n = self.text.count("\n", i, j)
        if n:
            self.line += n
            self.line_start = self.base + self.text.rfind("\n", i, j) + 1
        self.pos = offset
        return self.line, offset - self.line_start + 1


def _scan(path: str, quiet: bool, about_ukraine: bool = False, cutoff: float = CUTOFF,
          docs: str | None = None, jobs: int = 1) -> Iterator[tuple[int, str, list[Mention]]]:
    """(offset, text, mentions in it) for one input, with one TextFilter for its context: the
    text is a segment of the stream, or with ``docs`` (a key of ``DOCUMENT_ENDS``) a document
    or a piece of a long one, the filter reset at each document's start."""
    texts = _decode(_read_blocks(path, quiet))
    if docs is None:
        tf = _text_filter(about_ukraine, cutoff)
        for base, segment in _whole_segments(texts):
            # a whole segment is never cut again by find(), so this equals find(whole_text)
            yield base, segment, tf.find(segment)
        return
    # (a document piece is found whole: find() cuts it into segments as the stream would)
    pieces = ((base, new, piece) for base, piece, new in _documents(texts, DOCUMENT_ENDS[docs]))
    for (base, _, piece), mentions in _found_in(pieces, jobs, about_ukraine, cutoff):
        yield base, piece, mentions


_Item = TypeVar("_Item", bound=tuple)


def _found_in(items: Iterable[_Item], jobs: int, about_ukraine: bool, cutoff: float
              ) -> Iterator[tuple[_Item, list[Mention]]]:
    """Each item (whose last two fields are: starts a document, its text) with the mentions
    in its text, in order; the filter is reset at each document's start. With ``jobs`` > 1
    the items go to worker processes in batches cut at document starts."""
    batches = _batches(items)
    first = next(batches, [])
    second = next(batches, None) if jobs > 1 else None
    if second is None:  # one process: the input is one batch, or one job was asked for
        tf = _text_filter(about_ukraine, cutoff)
        for item in itertools.chain(first, itertools.chain.from_iterable(batches)):
            if item[-2]:
                tf.reset()
            yield item, tf.find(item[-1])
        return
    _toponorm().preload(text_only=True)  # forked workers inherit the indexes, not build them
    heap.trim()  # (and not the freed pages of reading them)
    with ProcessPoolExecutor(jobs, initializer=_worker_start,
                             initargs=(about_ukraine, cutoff)) as pool:
        window: deque[tuple[list[_Item], Future[list[list[Mention]]]]] = deque()
        for batch in itertools.chain((first, second), batches):
            window.append((batch, pool.submit(_worker_find,
                                              [(it[-2], it[-1]) for it in batch])))
            if len(window) >= 4 * jobs:  # bounded look-ahead: memory stays flat
                yield from _batch_done(*window.popleft())
        while window:
            yield from _batch_done(*window.popleft())


def _batches(items: Iterable[_Item]) -> Iterator[list[_Item]]:
    """Items in batches of about ``JOB_BATCH`` characters, cut only where a document starts."""
    batch: list[_Item] = []
    size = 0
    for item in items:
        if item[-2] and size >= JOB_BATCH:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += len(item[-1])
    if batch:
        yield batch


def _batch_done(batch: list[_Item], future: Future[list[list[Mention]]]
                ) -> Iterator[tuple[_Item, list[Mention]]]:
    yield from zip(batch, future.result(), strict=True)


_worker_filter: Any = None


def _worker_start(about_ukraine: bool, cutoff: float) -> None:
    global _worker_filter
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker_filter = _text_filter(about_ukraine, cutoff)


def _worker_find(items: list[tuple[bool, str]]) -> list[list[Mention]]:
    out = []
    for new, text in items:
        if new:
            _worker_filter.reset()
        out.append(_worker_filter.find(text))
    return out


class JsonLines:
    """``--jsonl FIELD``: one document per JSON line, the text in its string ``FIELD``. Lines
    that are no such object (or too long to parse: ``DOCUMENT_MAX``) pass through unchanged,
    each reported once on stderr; blank lines pass through silently."""

    def __init__(self, field: str, label: str) -> None:
        self.field, self.label = field, label
        self.bad = 0  # lines passed through unchanged that should have held a document

    def documents(self, texts: Iterable[str]
                  ) -> Iterator[tuple[int, str, dict[str, Any] | None, str]]:
        """(line number, the raw line, the object or None, its document or "") per line."""
        number, broken = 0, False
        for _, piece, new in _documents(texts, DOCUMENT_ENDS["line"]):
            if new:
                number += 1
                broken = False
            whole = piece.endswith(("\n", "\r"))
            if broken or (new and not whole and len(piece) >= DOCUMENT_MAX):
                if not broken:
                    self._report(number, f"longer than {DOCUMENT_MAX:,} characters")
                broken = True
                yield number, piece, None, ""
                continue
            body = _without_bom(number, piece.rstrip("\r\n"))
            if not body.strip():
                yield number, piece, None, ""
                continue
            try:
                obj = json.loads(body)
            except ValueError:
                obj = None
            if not isinstance(obj, dict) or not isinstance(obj.get(self.field), str):
                self._report(number, f"not a JSON object with a string field {self.field!r}")
                yield number, piece, None, ""
                continue
            yield number, piece, obj, obj[self.field]

    def _report(self, number: int, why: str) -> None:
        self.bad += 1
        _error(f"{self.label}:{number}: {why}: written unchanged")

    def rewritten(self, number: int, piece: str, doc: str, mentions: list[Mention]) -> str:
        """The line with each rewrite written into the document's JSON string where its span
        stands: every other byte of the line stays as it was (key order, spacing, escapes,
        numbers, the other fields, a BOM, the line ending). A line the splice cannot place is
        written unchanged and reported."""
        line = piece.rstrip("\r\n")
        body = _without_bom(number, line)
        skip = len(line) - len(body)
        token = _field_token(body, self.field)
        if token is not None:
            start, end = token
            offsets = _string_offsets(body, start, end)
            if offsets is not None and len(offsets) == len(doc) + 1:
                edited = _splice(body, offsets, mentions, ascii_only=body.isascii())
                if _field_value(edited, self.field) == _rewrite(doc, mentions):
                    return piece[:skip] + edited + piece[skip + len(body):]
        self._report(number, "the rewrite could not be placed in the line")
        return piece


def _without_bom(number: int, body: str) -> str:
    """A JSON line as the parser reads it: a byte order mark before the first is no part of
    it (it stays in the output)."""
    return body[1:] if number == 1 and body.startswith("\ufeff") else body


_JSON_SPACE = " \t\n\r"


def _field_token(body: str, field: str) -> tuple[int, int] | None:
    """(start, end) of the raw JSON string that is the value of the top-level ``field`` of
    the object ``body`` (the last, as the parser keeps the last of duplicate keys), or None."""
    decoder = json.JSONDecoder()
    found = None
    try:
        i = _after_space(body, 0)
        if body[i] != "{":
            return None
        i = _after_space(body, i + 1)
        while body[i] != "}":
            if body[i] != '"':
                return None
            key, i = decoder.raw_decode(body, i)
            i = _after_space(body, i)
            if body[i] != ":":
                return None
            start = _after_space(body, i + 1)
            _, i = decoder.raw_decode(body, start)
            if key == field:
                found = (start, i) if body[start] == '"' else None
            i = _after_space(body, i)
            if body[i] == ",":
                i = _after_space(body, i + 1)
            elif body[i] != "}":
                return None
        return found
    except (ValueError, IndexError):
        return None


def _after_space(body: str, i: int) -> int:
    """The first position from ``i`` that is no JSON white space."""
    while body[i] in _JSON_SPACE:
        i += 1
    return i


_ESCAPE_LENGTH = {c: 2 for c in '"\\/bfnrt'}


def _string_offsets(body: str, start: int, end: int) -> list[int] | None:
    """The raw offset in ``body`` of each character of the JSON string ``body[start:end]`` as
    decoded, and of its closing quote: a character is one raw character or an escape (a
    surrogate pair written as two \\u escapes is one character, as the parser reads it)."""
    offsets = []
    i = start + 1
    while i < end - 1:
        offsets.append(i)
        if body[i] != "\\":
            i += 1
            continue
        c = body[i + 1]
        if c in _ESCAPE_LENGTH:
            i += 2
            continue
        if c != "u":
            return None
        high = int(body[i + 2:i + 6], 16)
        i += 6
        if 0xD800 <= high <= 0xDBFF and body[i:i + 2] == "\\u" and \
                0xDC00 <= int(body[i + 2:i + 6], 16) <= 0xDFFF:
            i += 6
    offsets.append(end - 1)
    return offsets


def _splice(body: str, offsets: list[int], mentions: list[Mention], ascii_only: bool) -> str:
    out: list[str] = []
    pos = 0
    for m in mentions:
        if m.replacement != m.text:
            out += (body[pos:offsets[m.start]],
                    json.dumps(m.replacement, ensure_ascii=ascii_only)[1:-1])
            pos = offsets[m.end]
    out.append(body[pos:])
    return "".join(out)


def _field_value(body: str, field: str) -> object:
    try:
        return json.loads(body).get(field)
    except (ValueError, AttributeError):
        return None


def _json_scan(path: str, args: argparse.Namespace, lines: JsonLines
               ) -> Iterator[tuple[int, str, dict[str, Any] | None, str, list[Mention]]]:
    """(line number, raw line, object, document, its mentions) per line of a JSONL input."""
    rows = ((number, piece, obj, True, doc) for number, piece, obj, doc in
            lines.documents(_decode(_read_blocks(path, args.quiet))))
    for (number, piece, obj, _, doc), mentions in _found_in(rows, args.jobs,
                                                             args.about_ukraine, args.cutoff):
        yield number, piece, obj, doc, mentions


def _documents(texts: Iterable[str], end: re.Pattern[str]
               ) -> Iterator[tuple[int, str, bool]]:
    """(offset, text, starts a document) for the documents of a stream, each with the
    separator that ends it. A document longer than ``DOCUMENT_MAX`` comes in pieces cut
    between segments; only its first piece starts a document."""
    buf, base, new = "", 0, True
    for text in texts:
        buf += text
        pos = 0
        for m in end.finditer(buf):
            if m.end() == len(buf):
                break  # (the separator may go on in the next block: "\r" then "\n")
            yield base + pos, buf[pos:m.end()], new
            new, pos = True, m.end()
        buf, base = buf[pos:], base + pos
        if len(buf) > DOCUMENT_MAX:
            cut = sum(len(seg) for _, seg in segments(buf, final=False, size=SEGMENT))
            if cut:
                yield base, buf[:cut], new
                new, buf, base = False, buf[cut:], base + cut
    if buf:
        yield base, buf, new


def _whole_segments(texts: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(offset, segment) cut exactly where ``segments(whole_text)`` would cut.

    A cut is only final once its whole window (2 * SEGMENT characters) has been read: before
    that a paragraph break may still arrive and move it. (``segments(..., final=False)`` and
    so ``TextFilter.feed`` do cut early there; see the CLI issue.)
    """
    buf, base = "", 0
    for text in texts:
        buf += text
        used = 0
        for offset, segment in segments(buf, final=False, size=SEGMENT):
            if offset + 2 * SEGMENT > len(buf):
                break
            yield base + offset, segment
            used = offset + len(segment)
        buf, base = buf[used:], base + used
    for offset, segment in segments(buf, final=True, size=SEGMENT):
        yield base + offset, segment


def _rewrite(text: str, mentions: list[Mention]) -> str:
    out: list[str] = []
    pos = 0
    for m in mentions:
        if m.replacement != m.text:
            out += (text[pos:m.start], m.replacement)
            pos = m.end
    out.append(text[pos:])
    return "".join(out)


def _decode(blocks: Iterable[bytes]) -> Iterator[str]:
    # surrogateescape: an invalid byte becomes a lone surrogate (never a letter) and back
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    for block in blocks:
        yield decoder.decode(block)
    yield decoder.decode(b"", final=True)


def _open_input(path: str, stack: ExitStack) -> IO[bytes]:
    """The input ``path`` names, opened for reading bytes ("-": stdin, left open); a file the
    stack closes."""
    if path == "-":
        if sys.stdin is None:  # closed when the program started (<&-)
            raise InputError("cannot read stdin: it is closed")
        return sys.stdin.buffer
    try:
        return stack.enter_context(open(path, "rb"))
    except OSError as e:
        raise InputError(f"cannot read {path!r}: {e.strerror or e}") from None


def _read_blocks(path: str, quiet: bool) -> Iterator[bytes]:
    label = path
    with ExitStack() as stack:
        f = _open_input(path, stack)
        progress = stack.enter_context(Progress(label, _size(f), not quiet))
        read, next_trim = 0, 2 * BLOCK
        while True:
            try:
                block = f.read(BLOCK)
            except OSError as e:  # a directory, an I/O error
                raise InputError(f"cannot read {label!r}: {e.strerror or e}") from None
            if not block:
                return
            progress.add(len(block))
            read += len(block)
            if read > next_trim:
                # (the first block has been cleaned by now: the data it loaded left freed
                # pages; later, caches churn)
                heap.trim()
                next_trim += _TRIM_EVERY
            yield block


def _size(f: IO[bytes]) -> int | None:
    try:
        st = os.fstat(f.fileno())
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


class _Output:
    """Where clean and find write: stdout ("-" too), or the file OUT given by -o or --report.

    OUT never gets half an output: it gets the complete output of every input that was read,
    and stays as it was when none was, or when the run fails or is interrupted. What an input
    wrote before it failed is cut off again. So the output goes to a temporary file first:

    - OUT is new: a hidden temporary file beside it, renamed to OUT at the end (atomic). A
      SIGTERM or SIGHUP removes it too (``_signals_end_run``).
    - OUT is an existing regular file: it is written in place, so its owner, mode, hard links
      and ACLs stay, and a read-only directory is no obstacle. The temporary file has no name
      (nothing is left behind, even after SIGKILL), beside OUT when its directory allows, else
      in the system's. At the end it is copied into OUT (``_copy_in_place``). Holding the
      output in memory until all input is read would make memory grow with the input.
    - Stdout, a device or a FIFO get the output as it comes: memory stays bounded.

    ``optional``: no path means no output (--report) rather than stdout.
    """

    def __init__(self, path: str | None, inputs: list[str], optional: bool = False) -> None:
        self.path, self.temp, self.target, self.mark = path, "", "", 0
        self.f: IO[bytes] | None = None
        self.dest: int | None = None  # OUT, an existing regular file written in place
        self.stream = False  # stdout
        if path is None and optional:
            return
        if path is None or path == "-":
            self.f, self.stream = _stdout(), True
            return
        _refuse_overwrite(path, inputs)
        try:
            self._open(os.path.realpath(path))  # through a symlink, not over it
        except OSError as e:
            self.close()
            raise self._error(e) from None

    def _open(self, target: str) -> None:
        try:
            st: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            st = None
        if st is None:
            fd, self.temp = tempfile.mkstemp(dir=os.path.dirname(target),
                                             prefix=f".{os.path.basename(target)}.",
                                             suffix=".tmp")
            self.f, self.target = os.fdopen(fd, "wb"), target
            os.chmod(self.temp, 0o666 & ~_umask())  # as open() would create it
        elif not stat.S_ISREG(st.st_mode):
            self.f = open(target, "wb")  # noqa: SIM115 (closed by close())
        else:
            self.dest = os.open(target, os.O_WRONLY)  # not truncated: written by commit()
            try:
                self.f = tempfile.TemporaryFile(dir=os.path.dirname(target))  # noqa: SIM115
            except OSError:  # a read-only directory, say
                self.f = tempfile.TemporaryFile()  # noqa: SIM115

    def _error(self, e: OSError, note: str = "") -> CliError:
        return CliError(f"cannot write {self.path!r}: {e.strerror or e}{note}")

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release OUT; a temporary file not renamed by commit() (an error, an interrupt) goes.
        Errors are not reported here: flush() and commit() did, or another is on its way."""
        f, self.f = self.f, None
        if f is not None and not self.stream:
            with suppress(OSError):
                f.close()
        if self.dest is not None:
            with suppress(OSError):
                os.close(self.dest)
            self.dest = None
        if self.temp:
            with suppress(OSError):
                os.unlink(self.temp)
            self.temp = ""

    def write(self, data: bytes) -> None:
        if self.f is None:
            return
        if self.stream:
            with _writing_stdout():
                self.f.write(data)
            return
        try:
            self.f.write(data)
        except OSError as e:
            raise self._error(e) from None

    def begin(self) -> None:
        """An input starts: drop() would cut back to here."""
        if (self.temp or self.dest is not None) and self.f is not None:
            self.mark = self.f.tell()

    def drop(self) -> None:
        """Cut off what the current input wrote (only a file OUT can be cut)."""
        if (self.temp or self.dest is not None) and self.f is not None:
            self.f.seek(self.mark)
            self.f.truncate()

    def flush(self) -> None:
        """Write out what is buffered: a write error surfaces here, before any OUT is put in
        place (``commit``)."""
        if self.f is None:
            return
        if self.stream:
            _flush_stdout()
            return
        try:
            self.f.flush()
        except OSError as e:
            raise self._error(e) from None

    def commit(self, replace: bool) -> None:
        """Put OUT in place; ``replace`` is false when no input was read: OUT is left alone."""
        if self.f is None or not replace:
            return
        try:
            if self.temp:
                self.f.close()
                os.replace(self.temp, self.target)
                self.temp = ""
            elif self.dest is not None:
                self._copy_in_place(self.f, self.dest)
        except OSError as e:
            raise self._error(e) from None

    def _copy_in_place(self, f: IO[bytes], dest: int) -> None:
        """Copy the output into OUT without ever leaving OUT half-written on an error that can
        be caught: first the part beyond OUT's old size (if that fails, OUT is cut back to its
        old size: as it was), then the part over OUT's old bytes (blocks it already has: no
        disk-full error there, except on a copy-on-write file system), then OUT is cut to its
        new size. SIGINT, SIGTERM and SIGHUP wait until the copy is done."""
        f.flush()
        new, old = f.seek(0, os.SEEK_END), os.fstat(dest).st_size
        with _signals_held():
            if new > old:
                try:
                    _copy(f, dest, old, new)
                except OSError as e:
                    with suppress(OSError):
                        os.ftruncate(dest, old)
                    raise self._error(e, " (it is left as it was)") from None
            try:
                _copy(f, dest, 0, min(old, new))
                os.ftruncate(dest, new)
            except OSError as e:
                raise self._error(e, " (it is left incomplete)") from None


def _finish(outputs: list[_Output], replace: bool) -> None:
    """Flush every output, then put each in place: a write error on one (a full device given
    as --report, say) leaves the others as they were."""
    for out in outputs:
        out.flush()
    for out in outputs:
        out.commit(replace)


def _copy(f: IO[bytes], dest: int, start: int, end: int) -> None:
    """Bytes start:end of f to the same place in the file open as dest."""
    f.seek(start)
    os.lseek(dest, start, os.SEEK_SET)
    while start < end:
        block = memoryview(f.read(min(BLOCK, end - start)))
        if not block:
            raise OSError(errno.EIO, "the temporary file is shorter than written")
        start += len(block)
        while block:
            block = block[os.write(dest, block):]


@contextmanager
def _signals_held() -> Iterator[None]:
    """Signals that end the run are delivered only after the block (a copy into OUT)."""
    held = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    try:
        old: set[Any] | None = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # no pthread_sigmask (Windows)
        old = None
    try:
        yield
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def _signals_end_run() -> Iterator[None]:
    """While clean or find write, SIGTERM and SIGHUP end the run as Ctrl-C does: the outputs'
    temporary files are removed on the way out (``_Output.close``) and the exit status is
    128 + the signal's number. A signal ignored before (nohup) stays ignored."""
    def handler(signum: int, frame: FrameType | None) -> None:
        raise Signalled(signum)

    saved: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None or signal.getsignal(signum) is signal.SIG_IGN:
            continue
        try:
            saved[signum] = signal.signal(signum, handler)
        except ValueError:  # not the main thread: the signals stay as they were
            break
    try:
        yield
    finally:
        for signum, old in saved.items():
            signal.signal(signum, old)


def _check_destinations(output: str | None, report: str | None) -> None:
    """The cleaned text (OUT or stdout) and the report must not go to one file or pipe."""
    if report is None:
        return
    if report == "-" and output in (None, "-"):
        raise UsageError("--report - and the cleaned text would both go to stdout: "
                         "give -o OUT")
    if _same_destination(output, report):
        text = "the cleaned text (stdout)" if output in (None, "-") else f"-o {output!r}"
        where = "--report - (stdout)" if report == "-" else f"--report {report!r}"
        raise UsageError(f"{text} and {where} are the same file")


def _same_destination(a: str | None, b: str | None) -> bool:
    """Whether two destinations (a path; None or '-' for stdout) are one file or pipe: by
    their inodes when both exist (two names of /dev/null or of a terminal are fine), else by
    their normalised paths."""
    sa, sb = _destination_stat(a), _destination_stat(b)
    if sa is not None and sb is not None:
        return os.path.samestat(sa, sb) and not stat.S_ISCHR(sa.st_mode)
    if sa is None and sb is None and a not in (None, "-") and b not in (None, "-"):
        assert a is not None and b is not None
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
    return False


def _destination_stat(path: str | None) -> os.stat_result | None:
    try:
        if path is None or path == "-":
            return os.fstat(sys.stdout.fileno()) if sys.stdout is not None else None
        return os.stat(path)
    except (OSError, ValueError):  # not there yet; stdout not a file (captured)
        return None


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def _refuse_overwrite(path: str, inputs: list[str]) -> None:
    # an input named as the output is a mistake: in-place editing is not what -o means
    for p in inputs:
        try:
            same = p != "-" and os.path.samefile(p, path)
        except OSError:
            same = False
        if same:
            raise CliError(f"cannot write {path!r}: it is also an input")


class Progress:
    """Bytes read so far, on stderr when it is a terminal, at most a few times a second."""

    INTERVAL = 0.25

    def __init__(self, label: str, total: int | None, enabled: bool) -> None:
        self.label, self.total, self.done = label, total, 0
        self.enabled = enabled and _stderr_is_terminal()
        self.last = 0.0
        self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            _diag("\r\033[K")  # leave the terminal as it was

    def add(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if not self.enabled or now - self.last < self.INTERVAL:
            return
        self.last, self.shown = now, True
        of = f" / {_bytes(self.total)} ({100 * self.done // max(self.total, 1)}%)" \
            if self.total is not None else ""
        _diag(f"\rtoponorm: {self.label}: {_bytes(self.done)}{of}\033[K")


def _bytes(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    size = float(n)
    for unit in ("KB", "MB", "GB"):
        size /= 1000
        if size < 1000 or unit == "GB":
            break
    return f"{size:.1f} {unit}"


class Stats:
    """What --stats reports. Abstentions are invisible to the API, so they are not counted."""

    def __init__(self) -> None:
        self.found = 0
        self.rewritten: Counter[str] = Counter()

    def add(self, mentions: list[Mention]) -> None:
        self.found += len(mentions)
        self.rewritten.update(m.place.kind for m in mentions if m.replacement != m.text)

    def merge(self, other: Stats) -> None:
        self.found += other.found
        self.rewritten.update(other.rewritten)

    def print(self) -> None:
        n = sum(self.rewritten.values())
        _diag(f"toponorm: {self.found} mentions found: {n} rewritten, {self.found - n} "
              f"unchanged (canonical already, or kept as the text writes it)\n")
        if n:
            kinds = ", ".join(f"{k} {c}" for k, c in self.rewritten.most_common())
            _diag(f"toponorm: rewritten by kind: {kinds}\n")


def _edit_record(label: str, base: int, m: Mention) -> dict[str, Any]:
    p = m.place
    return {"file": label, "start": base + m.start, "end": base + m.end, "original": m.text,
            "replacement": m.replacement, "id": p.id, "name": p.name, "name_uk": p.name_uk,
            "kind": p.kind, "score": p.score, "steps": [str(s) for s in p.steps]}


def _mention_record(label: str, base: int, m: Mention) -> dict[str, Any]:
    p = m.place
    return {"file": label, "start": base + m.start, "end": base + m.end, "text": m.text,
            "replacement": m.replacement, "id": p.id, "name": p.name, "kind": p.kind,
            "score": p.score, "namesakes": p.namesakes, "oblast": _oblast(p),
            "steps": [str(s) for s in p.steps]}


def _mention_row(label: str, base: int, m: Mention, doc: int | None = None) -> list[str]:
    p = m.place
    where = label if doc is None else f"{label}:{doc}"
    return [where, str(base + m.start), str(base + m.end), m.text, m.replacement, p.kind, p.id,
            _oblast(p) or "-", f"{p.score:.1f}"]


def _table(header: list[str], rows: list[list[str]]) -> str:
    rows = [header] + [[_cell(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n"
                   for r in rows)


# -- resolve, candidates, explain -------------------------------------------------------------
def cmd_resolve(args: argparse.Namespace) -> int:
    _stdout()  # closed: say so before any work
    unresolved = failed = 0
    for name in args.names:
        try:
            m = resolve(name, context=args.context, score_cutoff=args.cutoff, **_where(args))
        except AreaError as e:
            raise UsageError(str(e)) from None
        except InputValueError as e:  # empty, too long: say which, go on with the others
            _error(_name_error(name, e))
            failed += 1
            continue
        unresolved += m is None
        if args.json:
            _write(_json_line(_match_record(name, m)))
        elif m is None:
            _write("\t".join([_cell(name)] + ["-"] * 5) + "\n")
        else:
            _write("\t".join([_cell(name), m.id, m.name, m.kind, _oblast(m) or "-",
                              f"{m.score:.1f}"]) + "\n")
    return 1 if failed or (args.strict and unresolved) else 0


def cmd_candidates(args: argparse.Namespace) -> int:
    _stdout()
    try:
        ranked = candidates(args.name, limit=args.limit, context=args.context, **_where(args))
    except AreaError as e:
        raise UsageError(str(e)) from None
    except InputValueError as e:
        raise CliError(_name_error(args.name, e)) from None
    for rank, m in enumerate(ranked, 1):
        if args.json:
            _write(_json_line({"rank": rank, **_match_record(args.name, m)}))
        else:
            _write(_candidate_line(rank, m))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    # one decision record; the candidates reuse its evidence (the analyses are cached)
    _stdout()
    try:
        decision = _toponorm().decide(args.name, context=args.context, score_cutoff=args.cutoff,
                                    **_where(args))
    except AreaError as e:
        raise UsageError(str(e)) from None
    except InputValueError as e:
        raise CliError(_name_error(args.name, e)) from None
    m = decision.match
    if m is not None:
        _write(m.explain() + "\n" + "".join(f"  {s}\n" for s in m.steps))
        return 0
    top = candidates(args.name, limit=MAX_CANDIDATES_SHOWN, context=args.context,
                     **_where(args))
    reason = decision.explain()
    _write(f"{args.name!r}: abstained: {reason}\n")
    _write("top candidates:\n" if top else "no candidates\n")
    for rank, c in enumerate(top, 1):
        _write("  " + _candidate_line(rank, c))
    return 0


def _where(args: argparse.Namespace) -> dict[str, Any]:
    return {"oblast": args.oblast, "raion": args.raion, "hromada": args.hromada}


def _candidate_line(rank: int, m: Match) -> str:
    return "\t".join([str(rank), m.id, m.name, m.kind, _oblast(m) or "-", f"{m.score:.1f}"]) \
        + "\n"


def _match_record(query: str, m: Match | None) -> dict[str, Any]:
    # the same keys whether or not it resolved, so consumers need no special case
    if m is None:
        return {"query": query, "id": None, "name": None, "name_uk": None, "kind": None,
                "oblast": None, "score": None, "namesakes": None, "geonames_id": None,
                "steps": []}
    return {"query": query, "id": m.id, "name": m.name, "name_uk": m.name_uk, "kind": m.kind,
            "oblast": _oblast(m), "score": m.score, "namesakes": m.namesakes,
            "geonames_id": m.geonames_id, "steps": [str(s) for s in m.steps]}


# -- small helpers ----------------------------------------------------------------------------
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 60  # a whole article passed as a name still makes a one-line message


def _name_error(name: str, e: Exception) -> str:
    # (the library names its own calls; here the commands are the way)
    why = str(e).replace("use find() or clean()", "use `toponorm find` or `toponorm clean`")
    return f"{_SHOWN.repr(name)}: {why}"


def _oblast(m: Match) -> str | None:
    unit = m.oblast
    return unit.name if unit is not None else None


def _cell(text: str) -> str:
    # keep one record per line and one field per tab
    return text.replace("\t", " ").replace("\r", "\\r").replace("\n", "\\n")


def _json_line(record: dict[str, Any]) -> str:
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (an undecodable byte in a file name)
        line = json.dumps(record)
    return line + "\n"


def _write(text: str) -> None:
    # bytes, so the output is UTF-8 whatever the locale, and names from argv with undecodable
    # bytes are written back as they came
    with _writing_stdout():
        _stdout().write(text.encode("utf-8", "surrogateescape"))


def _error(message: str) -> None:
    _diag(f"toponorm: {message}\n")


# -- the standard streams ---------------------------------------------------------------------
def _hold_closed_std_fds() -> None:
    """Put /dev/null on the descriptors 0-2 that were closed when the program started.

    Python then sets sys.stdin, sys.stdout or sys.stderr to None (``2>&-``), and the next file
    opened would get the free descriptor: an input or OUT would be "stderr" to any code that
    writes to descriptor 2. The streams stay None, so the program still knows: a closed stdin
    or stdout is an error, a closed stderr silences the diagnostics.
    """
    for fd, stream, flags in ((0, sys.stdin, os.O_RDONLY), (1, sys.stdout, os.O_WRONLY),
                              (2, sys.stderr, os.O_WRONLY)):
        if stream is not None:
            continue
        try:
            os.fstat(fd)
            continue  # taken since
        except OSError:
            pass
        with suppress(OSError):
            held = os.open(os.devnull, flags)
            if held != fd:
                os.dup2(held, fd)
                os.close(held)


def _stdout() -> IO[bytes]:
    if sys.stdout is None:  # closed when the program started (>&-)
        raise CliError("cannot write to stdout: it is closed")
    return sys.stdout.buffer


def _flush_stdout() -> None:
    if sys.stdout is not None:
        with _writing_stdout():
            sys.stdout.flush()


@contextmanager
def _writing_stdout() -> Iterator[None]:
    """Stdout's write errors: its reader gone ends the run quietly (StdoutGone), any other
    (a full disk) is a CliError. Either way what is still buffered is dropped: the
    interpreter's final flush must not fail again (Python docs, "Note on SIGPIPE")."""
    try:
        yield
    except BrokenPipeError:
        _to_devnull(sys.stdout)
        raise StdoutGone from None
    except OSError as e:
        _to_devnull(sys.stdout)
        raise CliError(f"cannot write to stdout: {e.strerror or e}") from None


def _diag(text: str) -> None:
    """Write a diagnostic on stderr. Stderr closed, full or gone (its reader left) silences
    the diagnostics from then on; it never stops the output or changes the exit status."""
    err = sys.stderr
    if err is None:  # closed when the program started (2>&-)
        return
    try:
        err.write(text)
        err.flush()
    except (OSError, ValueError):
        _to_devnull(err)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):
        return False


def _to_devnull(stream: IO[Any] | None) -> None:
    """Point a standard stream's descriptor at /dev/null (when it has one: not when captured)."""
    with suppress(AttributeError, OSError, ValueError):
        fd = stream.fileno()  # type: ignore[union-attr]
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)

