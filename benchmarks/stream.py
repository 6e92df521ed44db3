"""One long mixed stream through ``toponorm clean``: memory, speed and bytes over its length.

    python benchmarks/stream.py --mb 1024          # the 1 GB run of docs/benchmarks.md
    python benchmarks/stream.py --mb 50            # a quick look

The stream is generated on the fly (seeded, never stored): the sample articles with a
sentence of war reporting every ~2,000 bytes naming places of every kind in official, listed
or slipped forms (new names all along, so the caches meet fresh names to the end), CRLF line
ends, random binary bursts and invalid UTF-8. It is piped into the installed
``toponorm clean --report`` while the process's resident memory is sampled from /proc.
Printed: the curve (input MB, resident MB, MB/s of that stretch), the peak, the second
half's range, and the byte check: the output is exactly as long as the input plus what the
reported edits add, so no byte went missing.

Whether time stays linear is read against two references that a busy shared host cannot
fake: the process's own CPU seconds per MB (from /proc, so waiting for a core does not
count), and a control that runs beside it the whole time: fresh ``toponorm clean`` processes,
one after another, on the same first megabytes of the stream. A long-running process that
slows down while the fresh ones do not has a cost inside it; both slowing is the host.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import toponorm

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = [
    "Russian forces shelled {p} overnight, the governor of {o} oblast said.",
    "Ukrainian troops repelled attacks near {p} and {q} in eastern Ukraine.",
    "A missile hit {p}; officials in {q} reported two wounded.",
    "Residents of {p}, {q} and {r} were told to evacuate, the military said.",
    "Fighting continued on the {p} direction, near {q}.",
    "President Volodymyr Zelenskiy spoke to reporters in {p} about {q}.",
]
OBLASTS = ["Donetsk", "Kharkov", "Zaporozhye", "Kherson", "Sumy", "Lugansk", "Odessa", "Kiev"]


def _forms() -> list[str]:
    gaz = toponorm.default().gazetteer
    out = []
    for i in range(len(gaz)):
        out.append(gaz.canonical(i))
        out += [f.title() for f, _ in gaz.forms_of(i)[:2]]
    return out


def _slip(rng: random.Random, name: str) -> str:
    k = rng.randint(1, max(1, len(name) - 2))
    kind = rng.random()
    if kind < 0.2 and k + 1 < len(name):
        return name[:k] + name[k + 1] + name[k] + name[k + 2:]
    if kind < 0.35:
        return name[:k] + name[k + 1:]
    return name


def blocks(mb: float, seed: int = 19) -> Iterator[bytes]:
    """About ``mb`` megabytes of mixed input, in blocks of 64 KB or so."""
    rng = random.Random(seed)
    forms = _forms()
    seeds = [p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    total, target = 0, int(mb * 1_000_000)
    while total < target:
        roll = rng.random()
        if roll < 0.80:  # a sample article with a report of fresh names every ~2,000 bytes
            article = rng.choice(seeds).decode("utf-8", "surrogateescape")
            parts = []
            for k in range(0, len(article), 2000):
                parts.append(article[k:k + 2000])
                parts.append(" " + rng.choice(SENTENCES).format(
                    p=_slip(rng, rng.choice(forms)), q=_slip(rng, rng.choice(forms)),
                    r=rng.choice(forms), o=rng.choice(OBLASTS)) + "\n")
            text = "".join(parts)
            if rng.random() < 0.3:
                text = text.replace("\n", "\r\n")
            block = text.encode("utf-8", "surrogateescape")
        elif roll < 0.90:
            block = rng.choice(seeds)
        elif roll < 0.95:  # random binary
            block = rng.randbytes(rng.randint(1, 64_000))
        else:  # invalid UTF-8 bursts inside text
            block = b"Kharkov \xff\xfe\xc3 Baghmud \xed\xa0\x80 Gerson\n" * 500
        total += len(block)
        yield block


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a running process (fields 14 and 15 of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Control(threading.Thread):
    """Fresh ``toponorm clean`` processes, one after another, on a fixed sample: (the time
    each ended, its MB/s), until stopped."""

    def __init__(self, exe: str, sample: Path) -> None:
        super().__init__(daemon=True)
        self.exe, self.sample = exe, sample
        self.mb = sample.stat().st_size / 1e6
        self.runs: list[tuple[float, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            t = time.perf_counter()
            subprocess.run([self.exe, "clean", "-q", str(self.sample)],
                           stdout=subprocess.DEVNULL, check=True)
            now = time.perf_counter()
            self.runs.append((now, self.mb / (now - t)))

    def rate(self, start: float, end: float) -> float:
        """The mean MB/s of the control runs that ended between ``start`` and ``end``."""
        rates = [r for t, r in self.runs if start <= t < end]
        return sum(rates) / len(rates) if rates else float("nan")


def run(mb: float, points: int = 20, control_mb: float = 2.0) -> dict:
    exe = shutil.which("toponorm") or str(Path(sys.executable).with_name("toponorm"))
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "edits.jsonl"
        control = None
        if control_mb > 0:
            sample = Path(tmp) / "control.txt"
            sample.write_bytes(b"".join(blocks(control_mb)))
            control = _Control(exe, sample)
            control.start()
        proc = subprocess.Popen([exe, "clean", "-q", "--report", str(report)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        out_bytes = [0]

        def drain() -> None:
            assert proc.stdout is not None
            while chunk := proc.stdout.read(1 << 20):
                out_bytes[0] += len(chunk)
        reader = threading.Thread(target=drain)
        reader.start()
        assert proc.stdin is not None
        sent, started, curve, windows = 0, time.perf_counter(), [], []
        step, next_mark = mb * 1_000_000 / points, mb * 1_000_000 / points
        last_t, last_sent, last_cpu = started, 0, 0.0
        for block in blocks(mb):
            proc.stdin.write(block)
            sent += len(block)
            if sent >= next_mark:
                now, cpu = time.perf_counter(), _cpu_seconds(proc.pid)
                stretch = (sent - last_sent) / 1e6
                curve.append((sent / 1e6, _rss_mb(proc.pid), stretch / max(1e-9, now - last_t),
                              (cpu - last_cpu) / stretch))
                windows.append((last_t, now))
                last_t, last_sent, last_cpu, next_mark = now, sent, cpu, next_mark + step
        proc.stdin.close()
        reader.join()
        proc.wait()
        if control is not None:
            control.stopped.set()
            control.join()
        controls = [control.rate(a, b) if control else float("nan") for a, b in windows]
        elapsed = time.perf_counter() - started
        added = 0
        with report.open(encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                added += len(e["replacement"].encode()) - len(
                    e["original"].encode("utf-8", "surrogateescape"))
    half = [rss for x, rss, _, _ in curve if x >= curve[-1][0] / 2]
    return {"mb": sent / 1e6, "seconds": elapsed, "curve": curve, "controls": controls,
            "control_mb": control.mb if control else 0.0,
            "peak_mb": max(rss for _, rss, _, _ in curve), "second_half": (min(half), max(half)),
            "bytes_in": sent, "bytes_out": out_bytes[0], "edit_delta": added,
            "lost": sent + added - out_bytes[0], "status": proc.returncode}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--control-mb", type=float, default=2.0,
                        help="the control's sample (0: no control)")
    parser.add_argument("--write", action="store_true", help="also write docs/stream.md")
    args = parser.parse_args(argv)
    r = run(args.mb, control_mb=args.control_mb)
    lo, hi = r["second_half"]
    curve, controls = r["curve"], r["controls"]
    lines = [f"{r['mb']:.0f} MB in {r['seconds']:.0f} s ({r['mb'] / r['seconds']:.2f} MB/s), "
             f"exit status {r['status']}.", "",
             "| input MB | resident MB | MB/s since the last row | CPU s per MB | control MB/s "
             "| MB/s / control |", "|---|---|---|---|---|---|"]
    lines += [f"| {x:.0f} | {rss:.0f} | {speed:.2f} | {cpu:.2f} | {c:.2f} | {speed / c:.2f} |"
              for (x, rss, speed, cpu), c in zip(curve, controls, strict=True)]
    quarter = max(1, len(curve) // 4)
    first, last = curve[:quarter], curve[-quarter:]

    def mean(xs: list[float]) -> float:  # (a window no control run ended in is left out)
        xs = [x for x in xs if x == x]
        return sum(xs) / len(xs) if xs else float("nan")
    cpu_drift = mean([c for *_, c in last]) / mean([c for *_, c in first])
    lines += ["", f"CPU seconds per MB, last quarter against the first: **{cpu_drift:.2f}**."]
    if r["control_mb"]:
        ratio = [s / c for (_, _, s, _), c in zip(curve, controls, strict=True)]
        lines.append(f"MB/s against the control ({r['control_mb']:.1f} MB cleaned by a fresh "
                     f"process, over and over, beside the run), last quarter against the first: "
                     f"**{mean(ratio[-quarter:]) / mean(ratio[:quarter]):.2f}**.")
    lines += ["", f"Peak resident {r['peak_mb']:.0f} MB; second half {lo:.0f}-{hi:.0f} MB.",
              f"Bytes in {r['bytes_in']:,}, edits add {r['edit_delta']:,}, bytes out "
              f"{r['bytes_out']:,}: **{r['lost']:,} lost**."]
    print("\n".join(lines))
    if args.write:
        (ROOT / "docs" / "stream.md").write_text(
            "# One long stream through `toponorm clean`\n\n"
            f"*Generated by `python benchmarks/stream.py --mb {args.mb:g} --write`; see the "
            "script for what the stream holds. The MB/s column is measured on the writing "
            "side of a pipe, so it comes in bursts; the total rate is the first line.*\n\n"
            + "\n".join(lines) + "\n", encoding="utf-8")
    return 0 if r["lost"] == 0 and r["status"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
