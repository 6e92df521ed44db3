"""The toponorm command line: clean and find place names in text; resolve, rank, explain names.

Text is read as bytes and decoded with ``surrogateescape``, so every byte that is not part of a
rewritten name is written back unchanged (invalid UTF-8, CRLF, a BOM, no added newline).
Input is streamed in blocks, one TextFilter per file, so memory stays bounded on any size.
Like cat and grep, a file or name that fails is reported on stderr and the rest are still done;
the exit status is then 1.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import json
import os
import reprlib
import stat
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, suppress
from typing import IO, Any

from . import __version__, candidates, resolve
from .api import default
from .errors import InputValueError, ToponormError, require_cutoff
from .text.segments import SEGMENT, segments
from .tuning import CUTOFF
from .types import Match, Mention

BLOCK = 1 << 20  #: bytes read at a time
MAX_CANDIDATES_SHOWN = 5  #: candidates ``explain`` lists when it abstains


class CliError(Exception):
    """A runtime problem that ends the run, reported as one line on stderr with exit status 1."""


class InputError(CliError):
    """One input cannot be read: it is reported and skipped, the others are still processed."""


# -- entry point ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # usage errors exit 2 here
    try:
        status = args.run(args)
        sys.stdout.flush()
        sys.stdout.buffer.flush()  # a broken pipe must surface here, not at interpreter exit
        return status
    except (CliError, ToponormError) as e:
        _error(str(e))
        return 1
    except BrokenPipeError:
        # the reader (e.g. head) has all it wants: stop quietly. Point stdout at devnull so
        # the interpreter's final flush cannot raise again (Python docs, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


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
                       help=f"the score (0-100) a name needs to be rewritten (default "
                            f"{CUTOFF:g}; higher: fewer, surer rewrites)")
    files.add_argument("--about-ukraine", action="store_true",
                       help="the text is about Ukraine: take garbles and villages even where "
                            "it names no city outright (by default that is required)")

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
    p.add_argument("--table", action="store_true", help="print an aligned table instead")
    p.set_defaults(run=cmd_find)
    _add_name_commands(sub)
    return parser


def _add_name_commands(sub: Any) -> None:
    """The commands that take place names: resolve, candidates, explain."""
    names = argparse.ArgumentParser(add_help=False)
    names.add_argument("--context", metavar="TEXT",
                       help="text around the name(s); the places it names choose among "
                            "namesakes")

    cutoff: dict[str, Any] = {
        "type": _cutoff, "default": CUTOFF, "metavar": "SCORE",
        "help": f"the score (0-100) a name needs to resolve (default {CUTOFF:g})"}
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
    stats, failed = Stats(), 0
    with _Output(args.output, args.files) as out, \
            _Output(args.report, args.files, optional=True) as report:
        for path in args.files:
            label, file_stats = path, Stats()
            lines = _Lines() if args.explain else None
            out.begin()
            report.begin()
            try:
                for base, segment, mentions in _scan(path, args.quiet, args.about_ukraine,
                                                     args.cutoff):
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
                            print(f"{label}:{line}:{col}: {m.place.explain()}",
                                  file=sys.stderr)
            except InputError as e:
                out.drop()
                report.drop()
                _error(str(e))
                failed += 1
                continue
            stats.merge(file_stats)
        out.finish(replace=failed < len(args.files))
        report.finish(replace=failed < len(args.files))
    if args.stats:
        stats.print()
    return 1 if failed else 0


def cmd_find(args: argparse.Namespace) -> int:
    stats, failed = Stats(), 0
    rows: list[list[str]] = []  # --table needs every row for the column widths
    with _Output(args.output, args.files) as out:
        for path in args.files:
            label, file_stats, kept = path, Stats(), len(rows)
            out.begin()
            try:
                for base, _, mentions in _scan(path, args.quiet, args.about_ukraine,
                                               args.cutoff):
                    file_stats.add(mentions)
                    for m in mentions:
                        if args.table:
                            rows.append(_mention_row(label, base, m))
                        else:
                            out.write(_json_line(_mention_record(label, base, m)).encode())
            except InputError as e:
                out.drop()
                del rows[kept:]
                _error(str(e))
                failed += 1
                continue
            stats.merge(file_stats)
        if args.table and failed < len(args.files):
            out.write(_table(["file", "start", "end", "text", "replacement", "kind", "id",
                              "oblast", "score"], rows).encode("utf-8", "surrogateescape"))
        out.finish(replace=failed < len(args.files))
    if args.stats:
        stats.print()
    return 1 if failed else 0


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


def _scan(path: str, quiet: bool, about_ukraine: bool = False, cutoff: float = CUTOFF
          ) -> Iterator[tuple[int, str, list[Mention]]]:
    """(offset, segment, mentions in it) for one input, with one TextFilter for its context."""
    tf = default().text_filter(about_ukraine=True if about_ukraine else None, score_cutoff=cutoff)
    for base, segment in _whole_segments(_decode(_read_blocks(path, quiet))):
        # a whole segment is never cut again by find(), so this equals find(whole_text)
        yield base, segment, tf.find(segment)


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


def _read_blocks(path: str, quiet: bool) -> Iterator[bytes]:
    label = path
    with ExitStack() as stack:
        if path == "-":
            f: IO[bytes] = sys.stdin.buffer
        else:
            try:
                f = stack.enter_context(open(path, "rb"))
            except OSError as e:
                raise InputError(f"cannot read {path!r}: {e.strerror or e}") from None
        progress = stack.enter_context(Progress(label, _size(f), not quiet))
        while True:
            try:
                block = f.read(BLOCK)
            except OSError as e:  # a directory, an I/O error
                raise InputError(f"cannot read {label!r}: {e.strerror or e}") from None
            if not block:
                return
            progress.add(len(block))
            yield block


def _size(f: IO[bytes]) -> int | None:
    try:
        st = os.fstat(f.fileno())
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


class _Output:
    """Where clean and find write: stdout, or the file OUT given by -o or --report.

    OUT is written to a temporary file beside it and renamed over it at the end, so it is never
    left half-written: it gets the complete output of every input that was read, and stays as
    it was when none was (or the run is interrupted). What an input wrote before it failed is
    cut off again. Stdout, a device or a FIFO get the output as it comes: memory stays bounded.
    ``optional``: no path means no output (--report) rather than stdout.
    """

    def __init__(self, path: str | None, inputs: list[str], optional: bool = False) -> None:
        self.path, self.temp, self.target, self.mark = path, "", "", 0
        self.f: IO[bytes] | None = None
        if path is None or (path == "-" and not optional):
            self.f = None if optional else sys.stdout.buffer
            return
        _refuse_overwrite(path, inputs)
        target = os.path.realpath(path)  # through a symlink, not over it
        try:
            st: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            st = None
        except OSError as e:
            raise CliError(f"cannot write {path!r}: {e.strerror or e}") from None
        if st is not None and not os.access(target, os.W_OK):  # renaming over it would work
            raise CliError(f"cannot write {path!r}: {os.strerror(errno.EACCES)}")
        try:
            if st is not None and not stat.S_ISREG(st.st_mode):
                self.f = open(target, "wb")  # noqa: SIM115 (closed by __exit__)
                return
            fd, self.temp = tempfile.mkstemp(dir=os.path.dirname(target),
                                             prefix=f".{os.path.basename(target)}.",
                                             suffix=".tmp")
            self.f, self.target = os.fdopen(fd, "wb"), target
            if st is None:
                os.chmod(self.temp, 0o666 & ~_umask())  # as open() would create it
            else:
                os.chmod(self.temp, stat.S_IMODE(st.st_mode))
                if hasattr(os, "chown") and st.st_uid != os.geteuid():
                    with suppress(OSError):  # only root may, and then should
                        os.chown(self.temp, st.st_uid, st.st_gid)
        except OSError as e:
            self.__exit__()
            raise CliError(f"cannot write {path!r}: {e.strerror or e}") from None

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.f is not None and self.f is not sys.stdout.buffer:
                self.f.close()
        finally:
            if self.temp:  # not renamed by finish(): an error or an interrupt
                with suppress(OSError):
                    os.unlink(self.temp)

    def write(self, data: bytes) -> None:
        if self.f is None:
            return
        try:
            self.f.write(data)
        except OSError as e:
            if self.f is sys.stdout.buffer:
                raise  # BrokenPipeError is handled in main()
            raise CliError(f"cannot write {self.path!r}: {e.strerror or e}") from None

    def begin(self) -> None:
        """An input starts: drop() would cut back to here."""
        if self.temp and self.f is not None:
            self.mark = self.f.tell()

    def drop(self) -> None:
        """Cut off what the current input wrote (only a file OUT can be cut)."""
        if self.temp and self.f is not None:
            self.f.seek(self.mark)
            self.f.truncate()

    def finish(self, replace: bool) -> None:
        """Put OUT in place; ``replace`` is false when no input was read: OUT is left alone."""
        if not (self.temp and replace and self.f is not None):
            return
        try:
            self.f.close()
            os.replace(self.temp, self.target)
        except OSError as e:
            raise CliError(f"cannot write {self.path!r}: {e.strerror or e}") from None
        self.temp = ""


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
        self.enabled = enabled and sys.stderr.isatty()
        self.last = 0.0
        self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")  # leave the terminal as it was
            sys.stderr.flush()

    def add(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if not self.enabled or now - self.last < self.INTERVAL:
            return
        self.last, self.shown = now, True
        of = f" / {_bytes(self.total)} ({100 * self.done // max(self.total, 1)}%)" \
            if self.total is not None else ""
        sys.stderr.write(f"\rtoponorm: {self.label}: {_bytes(self.done)}{of}\033[K")
        sys.stderr.flush()


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
        print(f"toponorm: {self.found} mentions found: {n} rewritten, {self.found - n} "
              f"unchanged (canonical already, or kept as the text writes it)", file=sys.stderr)
        if n:
            kinds = ", ".join(f"{k} {c}" for k, c in self.rewritten.most_common())
            print(f"toponorm: rewritten by kind: {kinds}", file=sys.stderr)


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


def _mention_row(label: str, base: int, m: Mention) -> list[str]:
    p = m.place
    return [label, str(base + m.start), str(base + m.end), m.text, m.replacement, p.kind, p.id,
            _oblast(p) or "-", f"{p.score:.1f}"]


def _table(header: list[str], rows: list[list[str]]) -> str:
    rows = [header] + [[_cell(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n"
                   for r in rows)


# -- resolve, candidates, explain -------------------------------------------------------------
def cmd_resolve(args: argparse.Namespace) -> int:
    unresolved = failed = 0
    for name in args.names:
        try:
            m = resolve(name, context=args.context, score_cutoff=args.cutoff)
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
    try:
        ranked = candidates(args.name, limit=args.limit, context=args.context)
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
    try:
        decision = default().decide(args.name, context=args.context, score_cutoff=args.cutoff)
    except InputValueError as e:
        raise CliError(_name_error(args.name, e)) from None
    m = decision.match
    if m is not None:
        _write(m.explain() + "\n" + "".join(f"  {s}\n" for s in m.steps))
        return 0
    top = candidates(args.name, limit=MAX_CANDIDATES_SHOWN, context=args.context)
    reason = decision.explain()
    _write(f"{args.name!r}: abstained: {reason}\n")
    _write("top candidates:\n" if top else "no candidates\n")
    for rank, c in enumerate(top, 1):
        _write("  " + _candidate_line(rank, c))
    return 0


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
    return f"{_SHOWN.repr(name)}: {e}"


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
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))


def _error(message: str) -> None:
    print(f"toponorm: {message}", file=sys.stderr)
