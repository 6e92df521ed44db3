"""Speed and cost: per-call latency, text throughput, cold start, peak memory, build time, and
the machine it ran on. Timing figures are reported, never asserted."""

from __future__ import annotations

import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "build_time",
    "cold_start",
    "latencies",
    "machine",
    "peak_memory",
    "percentiles",
    "throughput",
]


def latencies(fn: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    """Seconds per call, one ``perf_counter`` pair around each call (run a warm-up first)."""
    out = []
    clock = time.perf_counter
    for q in queries:
        t = clock()
        fn(q)
        out.append(clock() - t)
    return out


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean in milliseconds (nearest-rank percentiles)."""
    s = sorted(seconds)

    def rank(p: float) -> float:
        return s[min(len(s), max(1, math.ceil(p / 100 * len(s)))) - 1] * 1000

    return {"p50": rank(50), "p95": rank(95), "p99": rank(99), "mean": statistics.fmean(s) * 1000}


def throughput(fn: Callable[[str], object], text: str) -> tuple[float, float]:
    """(MB/s of UTF-8 input, seconds) for one call of ``fn(text)``."""
    t = time.perf_counter()
    fn(text)
    dt = time.perf_counter() - t
    return len(text.encode("utf-8")) / 1e6 / dt, dt


def findall_words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _run_seconds(args: list[str], cwd: Path, env: dict[str, str] | None = None
                 ) -> tuple[float, int]:
    t = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    return time.perf_counter() - t, proc.returncode


def cold_start(root: Path, runs: int = 5) -> dict[str, object]:
    """Median wall seconds of fresh processes: the CLI, import+resolve, and bare Python. With
    the modules' bytecode cached, as ``pip install`` leaves it (a first, uncounted run writes
    it; PYTHONDONTWRITEBYTECODE, set on some machines, would have every run compile the
    sources: about 35 ms more)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    py = sys.executable
    cli = str(Path(py).with_name("toponorm"))
    cases = {
        "cli": [cli, "resolve", "Kyiv"],
        "import_resolve": [py, "-c", "import toponorm; toponorm.resolve('Kyiv')"],
        "bare": [py, "-c", "pass"],
    }
    out: dict[str, object] = {}
    for key, args in cases.items():
        times, codes = [], set()
        _run_seconds(args, root, env)
        for _ in range(runs):
            dt, rc = _run_seconds(args, root, env)
            times.append(dt)
            codes.add(rc)
        out[key] = statistics.median(times)
        out[key + "_rc"] = sorted(codes)
    # the time to the first answer inside the process: what a caller waits for (the wall time
    # above also counts the interpreter freeing the gazetteer at exit)
    inside = []
    for _ in range(runs):
        proc = subprocess.run([py, "-c", _FIRST_ANSWER], cwd=root, capture_output=True,
                              text=True, check=False, env=env)
        inside.append(float(proc.stdout) if proc.returncode == 0 else math.nan)
    out["first_answer"] = statistics.median(inside)
    return out


_FIRST_ANSWER = """
import time
t = time.perf_counter()
import toponorm
toponorm.resolve("Kyiv")
print(time.perf_counter() - t)
"""


_MEMORY_SCRIPT = """
import resource, sys, toponorm
names = open(sys.argv[1], encoding="utf-8").read().split("\\n")
text = open(sys.argv[2], encoding="utf-8").read()
for n in names:
    toponorm.resolve(n)
toponorm.clean(text)
# VmHWM is this process image's own peak; ru_maxrss would also count the parent's memory that
# the child briefly shared between fork and exec (a large benchmark process inflates it)
try:
    status = open("/proc/self/status").read()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_memory(root: Path, names: Sequence[str], text: str) -> float:
    """Peak RSS (MB) of a fresh process that resolves ``names`` and cleans ``text``."""
    with tempfile.TemporaryDirectory() as tmp:
        qn, qt = Path(tmp, "names.txt"), Path(tmp, "text.txt")
        qn.write_text("\n".join(names), encoding="utf-8")
        qt.write_text(text, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT, str(qn), str(qt)], cwd=root,
                              capture_output=True, text=True, check=True)
    return int(proc.stdout.split()[-1]) / 1024  # both are in KiB on Linux


def build_time(root: Path) -> tuple[float, str]:
    """Wall seconds of ``python gazetteer/build.py --out <tmpdir>`` and its last output line."""
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "gazetteer/build.py", "--out", tmp], cwd=root,
                              capture_output=True, text=True, check=True)
        dt = time.perf_counter() - t
    lines = proc.stdout.strip().splitlines()
    return dt, lines[-1] if lines else ""


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": str(os.cpu_count()), "python": platform.python_version(),
            "platform": platform.platform()}


def jobs_speedup(root: Path, mb: float) -> dict:
    """``toponorm clean --jsonl text`` with --jobs 1 and 2 on about ``mb`` MB of generated
    varied documents (5,000 characters each): seconds of each whole command, and whether the
    outputs are the same."""
    import json
    import shutil

    import stream  # benchmarks/stream.py: the generator of the mixed stream

    exe = shutil.which("toponorm") or str(Path(sys.executable).with_name("toponorm"))
    text = b"".join(stream.blocks(mb, seed=29)).decode("utf-8", "surrogateescape")
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "docs.jsonl"
        src.write_text("".join(json.dumps({"text": text[k:k + 5000]}) + "\n"
                               for k in range(0, len(text), 5000)), encoding="utf-8")
        out["mb"] = src.stat().st_size / 1e6
        results = {}
        for jobs in (1, 2):
            dest = Path(tmp) / f"out{jobs}.jsonl"
            secs, _ = _run_seconds([exe, "clean", "-q", "--jsonl", "text", "-j", str(jobs),
                                    str(src), "-o", str(dest)], root)
            out[jobs] = secs
            results[jobs] = dest.read_bytes()
        out["same"] = results[1] == results[2]
    return out
