"""The command line, run as users run it: the installed ``toponorm`` in a subprocess."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import toponorm
from toponorm import cli, explain_abstention
from toponorm.text.segments import SEGMENT

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = SEEDS / "004_203b37c40aab64d0.txt"
# the installed command: on PATH, else beside this interpreter (a venv not activated)
_EXE = shutil.which("toponorm") or shutil.which("toponorm", path=sysconfig.get_path("scripts"))
CMD = [_EXE] if _EXE else [sys.executable, "-m", "toponorm"]
BAGHMUD = b"Fighting near Baghmud in Donetsk Oblast \xff\xfe today\r\n"


def run(*args: str | Path, input: bytes | None = None, cwd: Path | None = None,
        **kw) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *map(str, args)], input=input, capture_output=True,
                          cwd=cwd, timeout=120, check=False, **kw)


def ok(*args: str | Path, input: bytes | None = None, **kw) -> bytes:
    r = run(*args, input=input, **kw)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    assert r.stderr == b"", r.stderr.decode(errors="replace")
    return r.stdout


def one_error_line(r: subprocess.CompletedProcess[bytes], status: int) -> str:
    err = r.stderr.decode(errors="replace")
    assert r.returncode == status, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    return err


def tsv(out: bytes) -> list[list[str]]:
    return [line.split("\t") for line in out.decode().splitlines()]


def jsonl(out: bytes | str) -> list[dict]:
    text = out.decode() if isinstance(out, bytes) else out
    return [json.loads(line) for line in text.splitlines()]


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def expected_clean(data: bytes) -> bytes:
    return toponorm.clean(decode(data)).encode("utf-8", "surrogateescape")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """The seed article 40 times: > 128 KiB, so more than two segments."""
    path = tmp_path_factory.mktemp("cli") / "big.txt"
    path.write_bytes(SEED.read_bytes() * 40)
    assert path.stat().st_size > 2 * SEGMENT
    return path


# -- the program ------------------------------------------------------------------------------
def test_version():
    assert ok("--version").decode().split() == ["toponorm", toponorm.__version__]


def test_python_m_version():
    r = subprocess.run([sys.executable, "-m", "toponorm", "--version"], capture_output=True,
                       check=False, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().split() == ["toponorm", toponorm.__version__]


@pytest.mark.parametrize(("command", "mentions"), [
    ([], ["clean", "find", "resolve", "candidates", "explain", "--version"]),
    (["clean"], ["--report", "--explain", "FILE:LINE:COLUMN:", "--stats", "--quiet", "-o OUT",
                 "FILE"]),
    (["find"], ["--table", "--stats", "FILE"]),
    (["resolve"], ["--json", "--strict", "--context", "NAME"]),
    (["candidates"], ["-n N", "--json", "NAME"]),
    (["explain"], ["--context", "NAME"]),
])
def test_help(command, mentions):
    out = ok(*command, "--help").decode()
    assert out.startswith("usage: toponorm " + " ".join(command))
    for word in mentions:
        assert word in out


@pytest.mark.parametrize("args", [
    ["clean", "--bogus"], [], ["frobnicate"], ["resolve"], ["candidates", "Kiev", "-n", "0"],
    ["clean", "--cutoff", "101"], ["resolve", "--cutoff", "abc", "Kiev"],
])
def test_usage_error_is_status_2(args):
    r = run(*args)
    assert r.returncode == 2
    assert r.stderr.decode().startswith("usage: toponorm")
    assert "Traceback" not in r.stderr.decode()
    assert r.stdout == b""


# -- clean: every byte that is not a rewritten name survives -----------------------------------
def test_random_bytes_change_only_inside_reported_edits(tmp_path):
    data = random.Random(0).randbytes(200_000)
    path, report = tmp_path / "noise.bin", tmp_path / "r.jsonl"
    path.write_bytes(data)
    out = ok("clean", path, "--report", report)
    assert out == expected_clean(data)
    # put every reported edit back: the input comes back byte for byte
    text, pos, parts = decode(data), 0, []
    for rec in jsonl(report.read_text(encoding="utf-8")):
        assert text[rec["start"]:rec["end"]] == rec["original"]
        parts += (text[pos:rec["start"]], rec["replacement"])
        pos = rec["end"]
    assert "".join([*parts, text[pos:]]).encode("utf-8", "surrogateescape") == out


def test_random_bytes_come_back_unchanged(tmp_path):
    data = random.Random(0).randbytes(200_000)
    path = tmp_path / "noise.bin"
    path.write_bytes(data)
    assert ok("clean", path) == data


def test_invalid_utf8_and_crlf_survive_around_a_rewrite():
    assert ok("clean", input=BAGHMUD) == \
        b"Fighting near Bakhmut in Donetsk Oblast \xff\xfe today\r\n"


def test_bom_kept_and_no_newline_added():
    data = "\ufeffShelling in Kiev and Baghmud".encode()
    out = ok("clean", input=data)
    assert out == "\ufeffShelling in Kyiv and Bakhmut".encode()
    assert out == expected_clean(data)


def test_empty_input_gives_empty_output():
    assert ok("clean", input=b"") == b""


def test_stdin_by_dash_and_by_default():
    assert ok("clean", "-", input=BAGHMUD) == ok("clean", input=BAGHMUD) == expected_clean(BAGHMUD)


def test_output_file(tmp_path):
    out = tmp_path / "out.txt"
    assert ok("clean", "-o", out, input=BAGHMUD) == b""
    assert out.read_bytes() == expected_clean(BAGHMUD)


def test_output_over_its_own_input_is_refused(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes(BAGHMUD)
    err = one_error_line(run("clean", path, "-o", path), 1)
    assert "also an input" in err
    assert path.read_bytes() == BAGHMUD


def test_several_files_concatenated_one_report(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"Troops left Kiev.\n")
    b.write_bytes(BAGHMUD)
    report = tmp_path / "r.jsonl"
    out = ok("clean", a, b, "--report", report)
    assert out == expected_clean(a.read_bytes()) + expected_clean(b.read_bytes())
    recs = jsonl(report.read_text(encoding="utf-8"))
    assert [(r["file"], r["original"], r["replacement"]) for r in recs] == [
        (str(a), "Kiev", "Kyiv"), (str(b), "Baghmud", "Bakhmut")]
    # offsets are per file
    assert decode(b.read_bytes())[recs[1]["start"]:recs[1]["end"]] == "Baghmud"


def test_report_offsets_and_stream_equal_whole_clean(big, tmp_path):
    report = tmp_path / "report.jsonl"
    out = ok("clean", big, "--report", report)
    whole = decode(big.read_bytes())
    result = toponorm.clean_with_edits(whole)
    assert out == result.text.encode("utf-8", "surrogateescape")
    recs = jsonl(report.read_text(encoding="utf-8"))
    assert len(recs) == len(result.edits) > 80  # edits in every segment, not just the first
    assert recs[-1]["start"] > 2 * SEGMENT
    for rec, edit in zip(recs, result.edits, strict=True):
        assert rec["original"] == whole[rec["start"]:rec["end"]]
        assert (rec["start"], rec["end"], rec["replacement"], rec["id"]) == \
            (edit.start, edit.end, edit.after, edit.place.id)
        assert rec["file"] == str(big)
        assert rec["name"] == edit.place.name and rec["name_uk"] == edit.place.name_uk
        assert rec["kind"] in toponorm.KINDS and isinstance(rec["score"], float)
        assert rec["steps"] == [str(s) for s in edit.place.steps] and rec["steps"]


def test_multi_block_stream_with_crlf_and_invalid_bytes(tmp_path):
    # > 1 MiB: read in several blocks; a multibyte character and CRLF straddle block ends
    tail = "Київ \udcff".encode("utf-8", "surrogateescape")  # Cyrillic, then an invalid byte
    data = (SEED.read_bytes().replace(b"\n", b"\r\n") + tail) * 180
    path = tmp_path / "multi.txt"
    path.write_bytes(data)
    report = tmp_path / "r.jsonl"
    assert len(data) > 1 << 20
    assert ok("clean", path, "--report", report) == expected_clean(data)
    whole = decode(data)
    recs = jsonl(report.read_text(encoding="utf-8"))
    assert recs[-1]["start"] > 1 << 20
    assert all(whole[r["start"]:r["end"]] == r["original"] for r in recs)


def test_a_paragraph_break_after_a_block_end_still_decides_the_cut():
    # The 1 MiB block ends between a line break (inside "Krivoy\nRog") and the paragraph
    # break that whole-text clean() cuts at: the stream must not cut at the line break.
    text = "a " * 524241 + "Shelling in Krivoy\nRog today. " + "b " * 32 + "\n\nThe end.\n"
    assert text.index("\n") < 1 << 20 <= text.index("\n\n")
    out = ok("clean", input=text.encode())
    assert out.decode() == toponorm.clean(text)
    assert "Kryvyi\nRih" in out.decode()


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset, the slow and obvious way."""
    before = text[:offset].split("\n")
    return len(before), len(before[-1].removeprefix("\ufeff")) + 1


def test_explain_one_line_per_rewrite_at_file_line_column(big):
    r = run("clean", big, "--explain")
    assert r.returncode == 0
    whole = decode(big.read_bytes())
    edits = toponorm.clean_with_edits(whole).edits
    lines = r.stderr.decode().splitlines()
    assert len(lines) == len(edits)
    for line, edit in zip(lines, edits, strict=True):
        row, col = line_col(whole, edit.start)
        assert line == f"{big}:{row}:{col}: {edit.place.explain()}"
    assert row > 1000  # the last edit: lines are counted across segments


def test_explain_line_and_column_in_characters(tmp_path):
    # a BOM takes no column; a tab, a Cyrillic letter (2 bytes) and an invalid byte take one
    path = tmp_path / "mixed.txt"
    path.write_bytes("\ufeffShelling in Kiev;\r\n\tБ ".encode() + b"\xff Kharkov and Kiev\r\n")
    r = run("clean", path, "--explain")
    assert r.returncode == 0, r.stderr
    assert [line.split(" ")[0] for line in r.stderr.decode().splitlines()] == [
        f"{path}:1:13:", f"{path}:2:6:", f"{path}:2:18:"]


def test_explain_positions_across_blocks(tmp_path):
    # > 1 MiB read in blocks, CRLF and multibyte letters: each line's position is exact
    data = (SEED.read_bytes().replace(b"\n", b"\r\n") + "Київ Kiev\n".encode()) * 180
    path = tmp_path / "multi.txt"
    path.write_bytes(data)
    assert len(data) > 1 << 20
    r = run("clean", path, "--explain")
    whole = decode(data)
    edits = toponorm.clean_with_edits(whole).edits
    got = [line.split(": ", 1)[0] for line in r.stderr.decode().splitlines()]
    assert got == ["{}:{}:{}".format(path, *line_col(whole, e.start)) for e in edits]
    assert edits[-1].start > 1 << 20


def test_stats(big):
    r = run("clean", big, "--stats")
    assert r.returncode == 0
    whole = decode(big.read_bytes())
    mentions = toponorm.find(whole)
    changed = [m for m in mentions if m.replacement != m.text]
    err = r.stderr.decode()
    assert f"{len(mentions)} mentions found: {len(changed)} rewritten, " \
           f"{len(mentions) - len(changed)} unchanged" in err
    kinds = {m.place.kind for m in changed}
    by_kind = err.split("rewritten by kind: ")[1]
    for kind in kinds:
        assert f"{kind} {sum(m.place.kind == kind for m in changed)}" in by_kind
    # find reports the same numbers
    assert run("find", big, "--stats").stderr.decode() == err


# -- errors and signals -----------------------------------------------------------------------
def test_missing_file(tmp_path):
    r = run("clean", "x.txt", cwd=tmp_path)
    assert one_error_line(r, 1) == "toponorm: cannot read 'x.txt': No such file or directory\n"
    assert r.stdout == b""


def test_directory_as_file(tmp_path):
    err = one_error_line(run("find", tmp_path), 1)
    assert err.startswith("toponorm: cannot read") and "Is a directory" in err


def error_lines(r: subprocess.CompletedProcess[bytes]) -> list[str]:
    err = r.stderr.decode(errors="replace")
    assert r.returncode == 1, err
    assert "Traceback" not in err
    return err.splitlines()


@pytest.fixture
def ab(tmp_path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"Troops left Kiev.\n")
    b.write_bytes(BAGHMUD)
    return a, b


def test_unreadable_files_are_reported_and_the_rest_processed(ab, tmp_path):
    # like cat: each bad file gets its error, the others their output, then status 1
    a, b = ab
    missing, folder = tmp_path / "missing.txt", tmp_path / "folder"
    folder.mkdir()
    r = run("clean", a, missing, folder, b)
    err = error_lines(r)
    assert err == [f"toponorm: cannot read {str(missing)!r}: No such file or directory",
                   f"toponorm: cannot read {str(folder)!r}: Is a directory"]
    assert r.stdout == expected_clean(a.read_bytes()) + expected_clean(b.read_bytes())


def test_find_goes_on_after_an_unreadable_file(ab, tmp_path):
    a, b = ab
    r = run("find", a, tmp_path / "missing.txt", b, "--stats")
    assert [(rec["file"], rec["text"]) for rec in jsonl(r.stdout)] == [
        (str(a), "Kiev"), (str(b), "Baghmud"), (str(b), "Donetsk")]
    err = error_lines(r)
    assert "missing.txt" in err[0] and "3 mentions found: 2 rewritten" in err[1]
    r = run("find", "--table", a, tmp_path / "missing.txt", b)
    assert [line.split()[0] for line in r.stdout.decode().splitlines()] == \
        ["file", str(a), str(b), str(b)]
    assert len(error_lines(r)) == 1


def test_output_and_report_hold_every_readable_input(ab, tmp_path):
    a, b = ab
    out, report = tmp_path / "out.txt", tmp_path / "r.jsonl"
    r = run("clean", a, tmp_path / "missing.txt", b, "-o", out, "--report", report)
    assert len(error_lines(r)) == 1 and r.stdout == b""
    assert out.read_bytes() == expected_clean(a.read_bytes()) + expected_clean(b.read_bytes())
    assert [rec["file"] for rec in jsonl(report.read_text(encoding="utf-8"))] == \
        [str(a), str(b)]


def test_output_is_left_as_it_was_when_no_input_can_be_read(tmp_path):
    out, report = tmp_path / "out.txt", tmp_path / "r.jsonl"
    out.write_bytes(b"earlier output\n")
    r = run("clean", tmp_path / "missing.txt", "-o", out, "--report", report)
    assert len(error_lines(r)) == 1
    assert out.read_bytes() == b"earlier output\n"  # not truncated
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no report, no temp file


class _FailingFile(io.BytesIO):
    """Its data, then an error: a disk that fails partway through a file."""

    def __init__(self, data: bytes, error: BaseException) -> None:
        super().__init__(data)
        self.error = error

    def read(self, n: int | None = -1) -> bytes:
        data = super().read(n)
        if not data:
            raise self.error
        return data


def fail_partway(monkeypatch, path: Path, data: bytes, error: BaseException) -> None:
    def fake_open(file, mode="r", *args, **kw):
        if str(file) == str(path):
            return _FailingFile(data, error)
        return builtins.open(file, mode, *args, **kw)

    monkeypatch.setattr(cli, "open", fake_open, raising=False)


def test_an_input_failing_partway_leaves_no_part_of_it_in_the_output_file(
        ab, tmp_path, monkeypatch, capsysbinary):
    a, b = ab
    bad, out, report = tmp_path / "bad.txt", tmp_path / "out.txt", tmp_path / "r.jsonl"
    data = SEED.read_bytes() * 100  # several segments, so some are written before the error
    assert len(data) > 3 * SEGMENT
    fail_partway(monkeypatch, bad, data, OSError(errno.EIO, os.strerror(errno.EIO)))
    # on stdout the part already written stays (it streams, as with cat) ...
    assert cli.main(["clean", str(a), str(bad), str(b)]) == 1
    got = capsysbinary.readouterr()
    head, tail = expected_clean(a.read_bytes()), expected_clean(b.read_bytes())
    assert got.out.startswith(head + expected_clean(data)[:1000]) and got.out.endswith(tail)
    assert got.err.decode() == f"toponorm: cannot read {str(bad)!r}: {os.strerror(errno.EIO)}\n"
    # ... an output file gets the complete inputs only
    assert cli.main(["clean", str(a), str(bad), str(b), "-o", str(out), "--report",
                     str(report)]) == 1
    assert out.read_bytes() == head + tail
    assert [rec["file"] for rec in jsonl(report.read_text(encoding="utf-8"))] == \
        [str(a), str(b)]


def test_an_interrupted_run_leaves_the_output_file_as_it_was(ab, tmp_path, monkeypatch):
    a, _ = ab
    bad, out = tmp_path / "bad.txt", tmp_path / "out.txt"
    out.write_bytes(b"earlier output\n")
    fail_partway(monkeypatch, bad, SEED.read_bytes() * 100, KeyboardInterrupt())
    assert cli.main(["clean", str(a), str(bad), "-o", str(out)]) == 130
    assert out.read_bytes() == b"earlier output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "out.txt"]


def test_output_file_keeps_its_mode_and_links(tmp_path):
    out, link = tmp_path / "out.txt", tmp_path / "link.txt"
    out.write_bytes(b"old")
    out.chmod(0o640)
    link.symlink_to(out.name)
    assert ok("clean", "-o", link, input=BAGHMUD) == b""
    assert link.is_symlink() and out.read_bytes() == expected_clean(BAGHMUD)
    assert out.stat().st_mode & 0o777 == 0o640
    if os.geteuid() == 0:  # only root can give a file away: its owner is kept too
        os.chown(out, 65534, 65534)
        assert ok("clean", "-o", out, input=BAGHMUD) == b""
        assert (out.stat().st_uid, out.stat().st_gid) == (65534, 65534)
    assert ok("clean", "-o", os.devnull, input=BAGHMUD) == b""  # written to, not replaced
    assert Path(os.devnull).is_char_device()


def test_unwritable_output(tmp_path):
    err = one_error_line(run("clean", "-o", tmp_path / "no" / "out.txt", input=BAGHMUD), 1)
    assert err.startswith("toponorm: cannot write")


def test_head_pipe_ends_quietly(big, tmp_path):
    status = tmp_path / "status"
    script = f'"$@" clean "{big}" | head -c 100; echo "${{PIPESTATUS[0]}}" > "{status}"'
    r = subprocess.run(["bash", "-c", script, "bash", *CMD], capture_output=True, timeout=120,
                       check=False)
    assert r.returncode == 0
    assert r.stdout == expected_clean(big.read_bytes())[:100]
    assert b"Traceback" not in r.stderr and r.stderr == b""
    assert status.read_text().strip() == "0"


def test_head_pipe_on_find_ends_quietly(big):
    script = f'"$@" find "{big}" | head -n 1'
    r = subprocess.run(["bash", "-c", script, "bash", *CMD], capture_output=True, timeout=120,
                       check=False)
    assert r.stderr == b""
    assert len(jsonl(r.stdout)) == 1


def _signals_by_default() -> None:
    # (a child of a test run started with nohup or in the background inherits SIGHUP or SIGINT
    # ignored, and keeps it ignored by design: these tests are about the signals' own effect)
    for signum in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


def _wait_until_caught(proc: subprocess.Popen, signum: int, timeout: float = 20) -> None:
    """Wait until the process has a handler for ``signum`` (Linux: /proc's SigCgt mask);
    elsewhere, a pause. A fixed pause alone is too short on a loaded machine: the signal
    then meets the default action of an interpreter still starting."""
    status = f"/proc/{proc.pid}/status"
    if not os.path.exists(status):
        time.sleep(1.0)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        with open(status) as f:
            caught = next((int(line.split()[1], 16) for line in f
                           if line.startswith("SigCgt:")), 0)
        if caught >> (signum - 1) & 1:
            return
        time.sleep(0.01)
    raise AssertionError(f"no handler for signal {signum} after {timeout} s")


def test_keyboard_interrupt_exits_130_quietly():
    proc = subprocess.Popen([*CMD, "clean"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_signals_by_default)
    time.sleep(1.0)  # let the interpreter start and block reading stdin
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    proc.stdin.close()
    assert proc.returncode == 130
    assert err == b"" and out == b""


def test_progress_on_a_terminal_only(big):
    pty = pytest.importorskip("pty")

    def stderr_on_tty(*args: str) -> bytes:
        master, slave = pty.openpty()
        proc = subprocess.Popen([*CMD, *args], stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        assert proc.wait(timeout=60) == 0
        return b"".join(chunks)

    shown = stderr_on_tty("clean", str(big)).decode()
    assert f"toponorm: {big}: " in shown and "KB /" in shown and "(100%)" in shown
    assert stderr_on_tty("clean", "--quiet", str(big)) == b""
    assert run("clean", big).stderr == b""  # not a terminal: nothing


# -- stdin, stdout and stderr closed, full or gone; signals; destinations (#15) ---------------
def shell(script: str, *args: str | Path, input: bytes | None = None
          ) -> subprocess.CompletedProcess[bytes]:
    """``script`` run by bash, where ``"$@"`` is the toponorm command followed by ``args``."""
    return subprocess.run(["bash", "-c", script, "bash", *CMD, *map(str, args)], input=input,
                          capture_output=True, timeout=60, check=False)


@pytest.fixture
def kievs(tmp_path) -> Path:
    """3,000 rewrites: --explain writes ~180 KB on stderr, more than a pipe holds."""
    path = tmp_path / "kievs.txt"
    path.write_bytes(b"Troops left Kiev.\n" * 3000)
    return path


def run_with_broken_stderr(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """Run with stderr a pipe whose reader has gone: every write to it fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([*CMD, *map(str, args)], stdout=subprocess.PIPE, stderr=write_end,
                              timeout=60, check=False)
    finally:
        os.close(write_end)


def test_stderr_gone_loses_no_output(kievs, tmp_path):
    out = tmp_path / "out.txt"
    expected = expected_clean(kievs.read_bytes())
    r = run_with_broken_stderr("clean", "--explain", "--stats", kievs, "-o", out)
    assert r.returncode == 0 and r.stdout == b""
    assert out.read_bytes() == expected
    r = run_with_broken_stderr("clean", "--explain", kievs)
    assert r.returncode == 0 and r.stdout == expected


def test_stderr_gone_midway_loses_no_output(kievs, tmp_path):
    # the reproducer: the reader takes 100 bytes of --explain and goes
    out, status = tmp_path / "out.txt", tmp_path / "status"
    r = shell(f'"$@" 2> >(head -c 100 >/dev/null); echo $? > "{status}"',
              "clean", "--explain", kievs, "-o", out)
    assert r.stdout == b"" and status.read_text().strip() == "0"
    assert out.read_bytes() == expected_clean(kievs.read_bytes())


def test_stderr_gone_keeps_errors_off_stdout():
    r = run_with_broken_stderr("resolve", "Kiev", "")
    assert r.returncode == 1
    assert tsv(r.stdout) == [["Kiev", toponorm.resolve("Kiev").id, "Kyiv", "city", "-",
                              "100.0"]]


def test_stderr_closed_loses_no_output(ab, tmp_path):
    a, _ = ab
    r = shell('"$@" 2>&-', "clean", a)
    assert r.returncode == 0 and r.stdout == expected_clean(a.read_bytes())
    out = tmp_path / "out.txt"
    r = shell('"$@" 2>&-', "clean", "--explain", "--stats", a, "-o", out)
    assert r.returncode == 0 and r.stdout == b""  # the diagnostics are not on stdout either
    assert out.read_bytes() == expected_clean(a.read_bytes())


def test_stderr_closed_is_not_taken_by_the_output_file(ab, tmp_path):
    # with fd 2 closed, OUT's temporary file would get it: anything that writes to fd 2 (C
    # code, a fatal error) would write into the output
    a, _ = ab
    out = tmp_path / "out.txt"
    code = ("import os, sys\n"
            "from toponorm import cli\n"
            "scan = cli._scan\n"
            "def leaky(*args, **kw):\n"
            "    os.write(2, b'LEAK')\n"
            "    yield from scan(*args, **kw)\n"
            "cli._scan = leaky\n"
            f"sys.exit(cli.main(['clean', {str(a)!r}, '-o', {str(out)!r}]))\n")
    r = subprocess.run(["bash", "-c", '"$@" 2>&-', "bash", sys.executable, "-c", code],
                       capture_output=True, timeout=60, check=False)
    assert r.returncode == 0 and r.stdout == b""
    assert out.read_bytes() == expected_clean(a.read_bytes())

def test_stderr_closed_keeps_errors_off_stdout(tmp_path):
    r = shell('"$@" 2>&-', "resolve", "Kiev", "")
    assert r.returncode == 1 and [row[0] for row in tsv(r.stdout)] == ["Kiev"]
    r = shell('"$@" 2>&-', "clean", tmp_path / "missing.txt", "-", input=BAGHMUD)
    assert r.returncode == 1 and r.stdout == expected_clean(BAGHMUD)


full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@full
@pytest.mark.parametrize("args", [["clean", "{a}"], ["find", "{a}"], ["resolve", "Kiev"],
                                  ["candidates", "Kiev"], ["explain", "Kiev"]])
def test_stdout_full_is_one_error_line(ab, args):
    r = shell('"$@" >/dev/full', *[arg.format(a=ab[0]) for arg in args])
    assert one_error_line(r, 1) == "toponorm: cannot write to stdout: No space left on device\n"


@full
@pytest.mark.parametrize("option", ["-o", "--report"])
def test_output_file_full_is_one_error_line(ab, option, tmp_path):
    out = tmp_path / "out.txt"
    r = run("clean", ab[0], option, "/dev/full", *(["-o", out] if option == "--report" else []))
    assert one_error_line(r, 1) == \
        "toponorm: cannot write '/dev/full': No space left on device\n"
    assert not out.exists()  # the text is not put in place without its report


@pytest.mark.parametrize("args", [["clean", "{a}"], ["find", "{a}"], ["resolve", "Kiev"],
                                  ["explain", "Kiev"]])
def test_stdout_closed_is_one_error_line(ab, args):
    r = shell('"$@" >&-', *[arg.format(a=ab[0]) for arg in args])
    assert one_error_line(r, 1) == "toponorm: cannot write to stdout: it is closed\n"


def test_stdout_closed_does_not_matter_with_an_output_file(ab, tmp_path):
    out = tmp_path / "out.txt"
    r = shell('"$@" >&-', "clean", ab[0], "-o", out)
    assert r.returncode == 0 and r.stderr == b""
    assert out.read_bytes() == expected_clean(ab[0].read_bytes())


def test_stdin_closed_is_one_error_line(ab, tmp_path):
    r = shell('"$@" <&-', "clean")
    assert one_error_line(r, 1) == "toponorm: cannot read stdin: it is closed\n"
    assert r.stdout == b""
    r = shell('"$@" <&-', "clean", ab[0], "-", "-o", tmp_path / "out.txt")  # the rest is done
    assert one_error_line(r, 1) == "toponorm: cannot read stdin: it is closed\n"
    assert (tmp_path / "out.txt").read_bytes() == expected_clean(ab[0].read_bytes())


def test_keyboard_interrupt_while_starting_exits_130_quietly():
    # SIGINT while the options are parsed (before any command runs)
    code = ("import os, signal, sys\n"
            "from toponorm import cli\n"
            "parser = cli.build_parser\n"
            "def interrupted():\n"
            "    os.kill(os.getpid(), signal.SIGINT)\n"
            "    return parser()\n"
            "cli.build_parser = interrupted\n"
            "sys.exit(cli.main(['resolve', 'Kiev']))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                       check=False, preexec_fn=_signals_by_default)
    assert r.returncode == 130 and r.stderr == b"" and r.stdout == b""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("existing", [False, True])
def test_signal_while_writing_leaves_no_temporary_file(signame, existing, tmp_path):
    signum = getattr(signal, signame, None)
    if signum is None:
        pytest.skip(f"no {signame}")
    out = tmp_path / "out.txt"
    if existing:
        out.write_bytes(b"earlier output\n")
    proc = subprocess.Popen([*CMD, "clean", "-", "-o", out], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            preexec_fn=_signals_by_default)
    proc.stdin.write(SEED.read_bytes() * 10)  # segments cleaned and written; stdin stays open
    proc.stdin.flush()
    deadline = time.monotonic() + 10
    while not (existing or any(p.name.endswith(".tmp") for p in tmp_path.iterdir())):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.01)
    _wait_until_caught(proc, signum)
    time.sleep(0.3)  # into the run: reading stdin, the data loaded
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum, err
    assert err == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out.txt"] if existing else [])
    if existing:
        assert out.read_bytes() == b"earlier output\n"


def test_an_ignored_hangup_is_still_ignored(tmp_path):
    # nohup: SIGHUP ignored before the start stays ignored while writing
    if not hasattr(signal, "SIGHUP"):
        pytest.skip("no SIGHUP")
    out = tmp_path / "out.txt"
    proc = subprocess.Popen([*CMD, "clean", "-", "-o", out], stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    proc.stdin.write(BAGHMUD)
    proc.stdin.flush()
    time.sleep(0.5)
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.read_bytes() == expected_clean(BAGHMUD)


@pytest.mark.parametrize("how", ["same name", "other name", "symlink", "hard link", "new"])
def test_output_and_report_in_one_file_are_refused(ab, how, tmp_path):
    a, _ = ab
    same, other = tmp_path / "same.txt", tmp_path / "sub" / ".." / "other.txt"
    (tmp_path / "sub").mkdir()
    if how != "new":
        same.write_bytes(b"earlier\n")
    second = {"same name": same, "other name": tmp_path / "sub" / ".." / "same.txt",
              "symlink": other, "hard link": other, "new": "./same.txt"}[how]
    if how == "symlink":
        other.symlink_to(same)
    elif how == "hard link":
        os.link(same, other)
    r = run("clean", a, "-o", same, "--report", second, cwd=tmp_path)
    err = one_error_line(r, 2)
    assert err.startswith("toponorm: error: ") and "same file" in err
    if how == "new":
        assert not same.exists()
    else:
        assert same.read_bytes() == b"earlier\n"


def test_report_on_stdout_with_the_text_is_refused(ab, tmp_path):
    a, _ = ab
    report = tmp_path / "r.jsonl"
    r = shell(f'"$@" > "{report}"', "clean", a, "--report", report)
    assert "same file" in one_error_line(r, 2)
    r = run("clean", a, "--report", "-", cwd=tmp_path)
    assert "stdout" in one_error_line(r, 2)
    assert r.stdout == b""
    r = run("clean", a, "-o", "-", "--report", "-", cwd=tmp_path)
    assert one_error_line(r, 2)
    assert not (tmp_path / "-").exists()


def test_report_dash_is_stdout(ab, tmp_path):
    a, _ = ab
    out = tmp_path / "out.txt"
    recs = jsonl(ok("clean", a, "-o", out, "--report", "-", cwd=tmp_path))
    assert [(rec["original"], rec["replacement"]) for rec in recs] == [("Kiev", "Kyiv")]
    assert out.read_bytes() == expected_clean(a.read_bytes())
    assert not (tmp_path / "-").exists()


def test_report_over_an_input_is_refused(ab):
    a, b = ab
    assert "also an input" in one_error_line(run("clean", a, b, "--report", b), 1)
    assert b.read_bytes() == BAGHMUD


@pytest.mark.parametrize("old", [b"", b"x", b"earlier output, much longer than the new\n" * 9])
def test_existing_output_is_written_in_place(old, tmp_path):
    out, link = tmp_path / "out.txt", tmp_path / "link.txt"
    out.write_bytes(old)
    os.link(out, link)
    inode = out.stat().st_ino
    assert ok("clean", "-o", out, input=BAGHMUD) == b""
    assert out.stat().st_ino == inode and link.read_bytes() == expected_clean(BAGHMUD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "out.txt"]


def test_existing_output_in_a_read_only_directory(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "out.txt"
    out.write_bytes(b"earlier output\n")
    folder.chmod(0o555)
    try:
        assert ok("clean", "-o", out, input=BAGHMUD) == b""
        assert out.read_bytes() == expected_clean(BAGHMUD)
        assert [p.name for p in folder.iterdir()] == ["out.txt"]
    finally:
        folder.chmod(0o755)


def test_existing_output_is_left_as_it_was_on_a_later_error(ab, tmp_path):
    # the report cannot be written: the text is not put in place either
    a, _ = ab
    out = tmp_path / "out.txt"
    out.write_bytes(b"earlier output\n")
    r = run("clean", a, "-o", out, "--report", tmp_path / "no" / "r.jsonl")
    assert one_error_line(r, 1).startswith("toponorm: cannot write")
    assert out.read_bytes() == b"earlier output\n"



def test_existing_output_left_as_it_was_when_the_disk_fills_while_it_grows(
        ab, tmp_path, monkeypatch, capsysbinary):
    # the copy into OUT writes the part beyond OUT's old size first: half of it, then ENOSPC
    a, _ = ab
    out = tmp_path / "out.txt"
    out.write_bytes(b"old\n")
    copy = cli._copy

    def disk_fills(f, dest, start, end):
        if end > start + 1:
            copy(f, dest, start, (start + end) // 2)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        copy(f, dest, start, end)

    monkeypatch.setattr(cli, "_copy", disk_fills)
    assert cli.main(["clean", str(a), "-o", str(out)]) == 1
    assert capsysbinary.readouterr().err.decode() == \
        f"toponorm: cannot write {str(out)!r}: {os.strerror(errno.ENOSPC)} (it is left as it was)\n"
    assert out.read_bytes() == b"old\n"

# -- find -------------------------------------------------------------------------------------
def test_find_json_lines(big):
    whole = decode(big.read_bytes())
    mentions = toponorm.find(whole)
    recs = jsonl(ok("find", big))
    assert len(recs) == len(mentions) > 0
    assert set(recs[0]) == {"file", "start", "end", "text", "replacement", "id", "name", "kind",
                            "score", "namesakes", "oblast", "steps"}
    for rec, m in zip(recs, mentions, strict=True):
        assert rec["text"] == whole[rec["start"]:rec["end"]] == m.text
        assert (rec["start"], rec["replacement"], rec["id"]) == (m.start, m.replacement, m.place.id)
        assert rec["oblast"] == (m.place.oblast.name if m.place.oblast else None)
        assert rec["namesakes"] == m.place.namesakes
    assert any(r["oblast"] == "Luhanska oblast" for r in recs)


def test_find_table():
    out = ok("find", "--table", input=BAGHMUD).decode().splitlines()
    assert out[0].split() == ["file", "start", "end", "text", "replacement", "kind", "id",
                              "oblast", "score"]
    row = out[1].split()
    assert row[:6] == ["-", "14", "21", "Baghmud", "Bakhmut", "city"]
    assert out[1].index("Baghmud") == out[0].index("text")  # aligned


# -- resolve, candidates, explain -------------------------------------------------------------
def test_resolve_lines():
    rows = tsv(ok("resolve", "Kiev", "Baghmud", "xyzzy"))
    assert [r[:3] for r in rows[:2]] == [["Kiev", toponorm.resolve("Kiev").id, "Kyiv"],
                                         ["Baghmud", toponorm.resolve("Baghmud").id, "Bakhmut"]]
    assert rows[1][3:5] == ["city", "Donetska oblast"]
    assert rows[0][3:5] == ["city", "-"]  # a special-status city is in no oblast
    assert rows[1][5] == f"{toponorm.resolve('Baghmud').score:.1f}"
    assert rows[2] == ["xyzzy", "-", "-", "-", "-", "-"]


def test_resolve_strict():
    r = run("resolve", "--strict", "Kiev", "xyzzy")
    assert r.returncode == 1 and len(tsv(r.stdout)) == 2
    assert run("resolve", "--strict", "Kiev").returncode == 0


def test_resolve_json():
    recs = jsonl(ok("resolve", "--json", "Baghmud", "xyzzy"))
    m = toponorm.resolve("Baghmud")
    assert recs[0] == {"query": "Baghmud", "id": m.id, "name": "Bakhmut", "name_uk": "Бахмут",
                       "kind": "city", "oblast": "Donetska oblast", "score": m.score,
                       "namesakes": m.namesakes, "geonames_id": m.geonames_id,
                       "steps": [str(s) for s in m.steps]}
    assert recs[1]["query"] == "xyzzy" and recs[1]["id"] is None and set(recs[1]) == set(recs[0])


def test_resolve_context_is_passed():
    context = "Shelling near Soledar, Donetsk Oblast"
    with_context = toponorm.resolve("Volodymyrivka", context=context)
    assert with_context.id != toponorm.resolve("Volodymyrivka").id  # the context matters here
    assert tsv(ok("resolve", "--context", context, "Volodymyrivka"))[0][1] == with_context.id
    assert tsv(ok("resolve", "Volodymyrivka"))[0][1] != with_context.id


def test_resolve_takes_a_structured_context():
    zolochiv = toponorm.resolve("Zolochiv", oblast="Kharkiv")
    assert zolochiv is not None and zolochiv.id != toponorm.resolve("Zolochiv").id
    assert tsv(ok("resolve", "--oblast", "Kharkiv", "Zolochiv"))[0][1] == zolochiv.id
    assert tsv(ok("candidates", "--oblast", "Kharkiv", "Zolochiv"))[0][1] == zolochiv.id
    assert b"Kharkiv Oblast" in ok("explain", "--oblast", "Kharkivska oblast", "Zolochiv")
    r = run("resolve", "--oblast", "Atlantis", "Zolochiv")
    assert one_error_line(r, 2).strip() == (
        "toponorm: error: oblast: 'Atlantis' names no oblast of Ukraine")


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
@pytest.mark.parametrize("command", ["resolve", "explain", "candidates"])
def test_bad_name_is_named_in_its_error(command, name):
    r = run(command, name)
    err = one_error_line(r, 1)
    shown = repr(name) if len(name) < 60 else "'xxxxx"
    assert err.startswith(f"toponorm: {shown}") and "name" in err
    assert r.stdout == b""
    assert "find()" not in err  # a command line user is pointed at commands
    if len(name) > 200:
        assert "toponorm find" in err


@pytest.mark.parametrize("json_lines", [False, True])
def test_resolve_goes_on_after_a_bad_name(json_lines):
    r = run("resolve", *(["--json"] if json_lines else []), "Kiev", "", "Kharkov", " ")
    err = error_lines(r)
    assert len(err) == 2
    assert err[0].startswith("toponorm: '': ") and err[1].startswith("toponorm: ' ': ")
    queries = [rec["query"] for rec in jsonl(r.stdout)] if json_lines else \
        [row[0] for row in tsv(r.stdout)]
    assert queries == ["Kiev", "Kharkov"]
    assert run("resolve", "Kiev", "Kharkov").returncode == 0


def test_candidates():
    rows = tsv(ok("candidates", "Baghmud", "-n", "3"))
    api = toponorm.candidates("Baghmud", limit=3)
    assert [r[:3] for r in rows] == [[str(i), m.id, m.name] for i, m in enumerate(api, 1)]
    assert rows[0][2:5] == ["Bakhmut", "city", "Donetska oblast"]
    recs = jsonl(ok("candidates", "Baghmud", "-n", "2", "--json"))
    assert [(r["rank"], r["id"]) for r in recs] == [(1, api[0].id), (2, api[1].id)]


def test_explain_match():
    lines = ok("explain", "Baghmud").decode().splitlines()
    m = toponorm.resolve("Baghmud")
    assert lines == [m.explain()] + [f"  {s}" for s in m.steps]


def test_explain_abstention():
    lines = ok("explain", "xyzzy").decode().splitlines()
    assert toponorm.resolve("xyzzy") is None
    assert lines[0] == f"'xyzzy': abstained: {explain_abstention('xyzzy')}"
    assert "below the cutoff" in lines[0] and lines[1] == "top candidates:"
    top = toponorm.candidates("xyzzy", limit=5)
    assert [line.split("\t")[1] for line in lines[2:]] == [c.id for c in top]


def test_about_ukraine_flag_takes_garbles_in_a_text_that_names_no_city():
    data = b"Fighting near Baghmud today.\n"
    assert ok("clean", input=data) == data  # nothing shows the text is about Ukraine
    assert ok("clean", "--about-ukraine", input=data) == b"Fighting near Bakhmut today.\n"


def test_cutoff_option_sets_how_sure_a_rewrite_must_be():
    text = b"Fighting near Baghmud and Kramatorsk.\n"
    assert ok("clean", input=text) == b"Fighting near Bakhmut and Kramatorsk.\n"
    assert ok("clean", "--cutoff", "95", input=text) == text
    assert ok("resolve", "--cutoff", "95", "Baghmud").split(b"\t")[1] == b"-"
    assert b"the cutoff 95" in ok("explain", "--cutoff", "95", "Baghmud")


def test_find_table_is_written_in_blocks_under_one_header(tmp_path):
    from toponorm.cli import TABLE_BLOCK
    text = ("Kiev and Kharkov. " * TABLE_BLOCK).encode()  # two mentions a sentence: 2 blocks
    lines = ok("find", "--table", input=text).decode().splitlines()
    assert len(lines) == 2 * TABLE_BLOCK + 1
    assert [line.split()[0] for line in lines].count("file") == 1
    f, o = tmp_path / "a.txt", tmp_path / "o.txt"
    f.write_bytes(text)
    r = run("find", "--table", tmp_path / "missing.txt", f, "-o", o)
    assert r.returncode == 1
    written = o.read_text(encoding="utf-8").splitlines()
    assert len(written) == 2 * TABLE_BLOCK + 1
    assert [line.split()[0] for line in written] == ["file"] + [str(f)] * 2 * TABLE_BLOCK


# -- documents kept apart -------------------------------------------------------------------
# (the first document names Donetsk oblast; the second names a village that 17 places share:
# one stream lets the first choose it, a document of its own does not)
_CONTEXT_DOC = "Shelling hit Donetsk oblast overnight in Ukraine."
_NAMESAKE_DOC = "Troops shelled Myrne in Ukraine."


def _myrne_oblasts(out: bytes) -> list[str | None]:
    return [r["oblast"] for r in jsonl(out) if r["text"] == "Myrne"]


@pytest.mark.parametrize(("mode", "separator"), [
    ("line", "\n"), ("line", "\r\n"), ("blank", "\n\n"), ("blank", "\r\n \r\n\n"),
    ("formfeed", "\f")])
def test_document_modes_keep_context_from_crossing_documents(tmp_path, mode, separator):
    alone = _myrne_oblasts(ok("find", "-", input=_NAMESAKE_DOC.encode()))
    path = tmp_path / "docs.txt"
    path.write_bytes(f"{_CONTEXT_DOC}{separator}{_NAMESAKE_DOC}\n".encode())
    stream = _myrne_oblasts(ok("find", path))
    assert stream == ["Donetska oblast"] and alone != stream  # the context crosses in a stream
    assert _myrne_oblasts(ok("find", "--docs", mode, path)) == alone
    # the text itself is cleaned the same, byte for byte outside the names
    assert ok("clean", "--docs", mode, path) == ok("clean", path)


def test_blank_line_documents_keep_their_single_line_breaks_together(tmp_path):
    path = tmp_path / "docs.txt"
    path.write_bytes(f"{_CONTEXT_DOC}\n{_NAMESAKE_DOC}\n\nKiev.\n".encode())
    assert _myrne_oblasts(ok("find", "--docs", "blank", path)) == ["Donetska oblast"]


def test_a_document_longer_than_the_limit_comes_in_pieces_with_its_context(monkeypatch):
    monkeypatch.setattr(cli, "DOCUMENT_MAX", 3 * SEGMENT)
    filler = "Nothing to see here at all today. " * (4 * SEGMENT // 34)
    text = f"{_CONTEXT_DOC} {filler}\n{filler} {_NAMESAKE_DOC}\n"
    pieces = list(cli._documents([text[:5000], text[5000:]], cli.DOCUMENT_ENDS["blank"]))
    assert "".join(p for _, p, _ in pieces) == text
    assert [new for _, _, new in pieces] == [True] + [False] * (len(pieces) - 1)
    assert len(pieces) > 1
    assert all(text[base:base + len(p)] == p for base, p, _ in pieces)


def test_jsonl_cleans_one_field_per_line_and_passes_everything_else_through(tmp_path):
    lines = [json.dumps({"id": 1, "text": _CONTEXT_DOC, "note": "Kiev"}).encode() + b"\n",
             json.dumps({"id": 2, "text": f"Kharkov. {_NAMESAKE_DOC}"}).encode() + b"\r\n",
             b"not json, Kiev \xff\n",
             b"\n",
             b'{"id": 3, "text": 7}\n',
             b'{"id": 4, "text": "Shelling near Baghmud in eastern Ukraine, Kiev said"}',
             ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(lines))
    r = run("clean", "--jsonl", "text", "--report", tmp_path / "edits.jsonl", path)
    assert r.returncode == 1  # two lines held no document
    err = r.stderr.decode()
    assert f"{path}:3: not a JSON object" in err and f"{path}:5: not a JSON object" in err
    assert "Traceback" not in err
    out = r.stdout.split(b"\n")
    assert json.loads(out[0]) == {"id": 1, "text": _CONTEXT_DOC, "note": "Kiev"}  # only FIELD
    assert json.loads(out[1])["text"] == f"Kharkiv. {_NAMESAKE_DOC}" and out[1].endswith(b"\r")
    assert out[2:5] == [b"not json, Kiev \xff", b"", b'{"id": 3, "text": 7}']
    assert json.loads(out[5]) == {
        "id": 4, "text": "Shelling near Bakhmut in eastern Ukraine, Kyiv said"}
    assert not r.stdout.endswith(b"\n")  # the last line had no line break: none added
    edits = jsonl((tmp_path / "edits.jsonl").read_bytes())
    assert [(e["doc"], e["original"]) for e in edits] == [
        (2, "Kharkov"), (6, "Baghmud"), (6, "Kiev")]


def test_jsonl_changes_no_byte_outside_the_rewritten_spans():
    # numbers, escapes, spacing, duplicate keys, NaN, lone and paired surrogates, escapes inside
    # the document and raw invalid bytes all stay as written; only the spans change
    lines = [
        rb'{"id": 1.10, "v": 1.0e2, "u":"\u00e9", "text" : "Shelling in Kiev and \"Kharkov\" '
        rb'\ud83d\ude00 Odessa\nand Lvov",  "z":[1,2]}',
        rb'{"text":"Kharkov \ud800 x"}',
        rb'{"text":"Kharkov","x":"\udcff"}',
        rb'{"text":"a","text":"Kiev said", "n": NaN}',
        b'{"text":"Kharkov \xff raw"}',
        rb'{"text":"Kiev\u0020and Kharkov"}',
    ]
    r = run("clean", "--jsonl", "text", "-", input=b"\n".join(lines) + b"\n")
    assert r.returncode == 0, r.stderr
    expected = [line.replace(b"Kiev", b"Kyiv").replace(b"Kharkov", b"Kharkiv")
                .replace(b"Odessa", b"Odesa").replace(b"Lvov", b"Lviv") for line in lines]
    assert r.stdout.split(b"\n")[:-1] == expected


def test_jsonl_reads_a_first_line_after_a_byte_order_mark():
    r = run("clean", "--jsonl", "text", "-",
            input=b'\xef\xbb\xbf{"text": "Kiev said"}\r\n{"text": "Lvov"}\n')
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout == b'\xef\xbb\xbf{"text": "Kyiv said"}\r\n{"text": "Lviv"}\n'


def test_jsonl_find_numbers_documents_and_keeps_them_apart(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"body": t}) for t in (_CONTEXT_DOC, _NAMESAKE_DOC))
                    + "\n", encoding="utf-8")
    found = jsonl(ok("find", "--jsonl", "body", path))
    alone = _myrne_oblasts(ok("find", "-", input=_NAMESAKE_DOC.encode()))
    assert [r["doc"] for r in found] == [1, 2]
    assert [r["oblast"] for r in found if r["text"] == "Myrne"] == alone
    myrne = found[1]
    assert _NAMESAKE_DOC[myrne["start"]:myrne["end"]] == "Myrne"  # offsets into the document


def test_docs_and_jsonl_exclude_each_other():
    r = run("find", "--docs", "line", "--jsonl", "text", "-", input=b"")
    assert r.returncode == 2 and b"not allowed with" in r.stderr


def test_keyboard_interrupt_while_the_command_line_loads_exits_130(monkeypatch):
    import importlib.abc

    from toponorm import _entry

    class Interrupting(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "toponorm.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "toponorm.cli")
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    assert _entry.main() == 130


@pytest.mark.parametrize("delay", [0.1, 0.2, 0.4])
def test_keyboard_interrupt_at_any_moment_of_start_up_leaves_no_traceback(delay):
    proc = subprocess.Popen([*CMD, "resolve", "Kiev"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_signals_by_default)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err
    # interrupted (130), done before the signal came (0), or ended by it while the interpreter
    # itself started or shut down (-SIGINT: Python's own handler not in place)
    assert proc.returncode in (0, 130, -signal.SIGINT)
    assert proc.returncode != 130 or out == b""


def test_jobs_give_the_output_of_one_process_in_input_order(tmp_path, monkeypatch):
    docs = [f"{_CONTEXT_DOC} Kharkov {i}." if i % 3 else f"{_NAMESAKE_DOC} Baghmud {i}, Ukraine."
            for i in range(60)]
    path = tmp_path / "docs.txt"
    path.write_text("\n".join(docs) + "\n", encoding="utf-8")
    lines = tmp_path / "docs.jsonl"
    lines.write_text("\n".join(json.dumps({"text": d}) for d in docs) + "\n", encoding="utf-8")
    # small batches, so that 60 short documents spread over several batches and both workers
    env = {**os.environ, "TOPONORM_TEST_JOB_BATCH": "200"}
    for args in (["clean", "--docs", "line", path], ["find", "--docs", "line", path],
                 ["clean", "--jsonl", "text", lines], ["find", "--jsonl", "text", lines]):
        one = ok(*args, "-j", "1")
        assert ok(*args, "--jobs", "2", env=env) == one
        assert ok(*args, "-j", "0", env=env) == one
        assert ok(*args) == one  # (the default: one per core)
    assert run("clean", "-j", "-1", path).returncode == 2


def test_an_input_of_one_batch_starts_no_workers(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for one batch")
    monkeypatch.setattr(cli, "ProcessPoolExecutor", no_pool)
    items = [(0, True, "Shelling near Kharkov."), (22, True, "Kiev")]
    found = list(cli._found_in(items, 2, False, cli.CUTOFF))
    assert [[m.replacement for m in ms] for _, ms in found] == [["Kharkiv"], ["Kyiv"]]
    monkeypatch.setattr(cli, "JOB_BATCH", 10)  # two batches: now the pool is asked for
    with pytest.raises(AssertionError, match="worker pool"):
        list(cli._found_in(items, 2, False, cli.CUTOFF))


def test_batches_for_workers_are_cut_only_where_a_document_starts(monkeypatch):
    monkeypatch.setattr(cli, "JOB_BATCH", 10)
    items = [(0, True, "a" * 8), (8, False, "b" * 8), (16, True, "c" * 4), (20, True, "d" * 30),
             (50, False, "e")]
    batches = list(cli._batches(items))
    assert batches == [items[:2], items[2:]]  # (a batch under the size takes the next)


_WORDS = ["Kiev", "Kharkov", "Baghmud", "Odessa", "Lvov", " ", ", ", "\n", "\"", "\\", "é",
          "\U0001f600", "\ud800", "\udcff", "Київ", "shelling near ", "x"]


# (derandomized for CI: the same 80 cases each run, plus the one a random run found; the fuzz
# harness explores at random)
@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@example(doc="\ud800\udcff", other={}, ascii_only=True, spaced=False)
@given(doc=st.lists(st.sampled_from(_WORDS), max_size=12).map("".join),
       other=st.dictionaries(st.sampled_from(["id", "x", "note"]),
                             st.one_of(st.integers(), st.floats(allow_nan=False),
                                       st.lists(st.sampled_from(_WORDS).map(str), max_size=3),
                                       st.sampled_from(_WORDS)), max_size=3),
       ascii_only=st.booleans(), spaced=st.booleans())
def test_jsonl_splice_changes_only_the_document_and_only_its_spans(doc, other, ascii_only,
                                                                   spaced):
    # any object, written any way: the line read back is the object with the document
    # cleaned, and the bytes before and after the document's string are the line's own
    obj = {**other, "text": doc}
    line = json.dumps(obj, ensure_ascii=ascii_only,
                      separators=(", ", ": ") if spaced else (",", ":")) + "\n"
    # the document as the command reads it from the line (two lone surrogates written as
    # escapes, "\ud800\udcff", read back as the one character they pair into)
    parsed = json.loads(line)
    doc = parsed["text"]
    mentions = toponorm.default().text_filter().find(doc)
    out = cli.JsonLines("text", "t").rewritten(1, line, doc, mentions)
    assert json.loads(out) == {**parsed, "text": toponorm.clean(doc)}
    token_start = line.index('"text"')
    assert out[:token_start] == line[:token_start]
    assert out.endswith("\n")
