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
"""

from __future__ import annotations

import argparse
import json
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


def run(mb: float, points: int = 20) -> dict:
    exe = shutil.which("toponorm") or str(Path(sys.executable).with_name("toponorm"))
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "edits.jsonl"
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
        sent, started, curve = 0, time.perf_counter(), []
        step, next_mark = mb * 1_000_000 / points, mb * 1_000_000 / points
        last_t, last_sent = started, 0
        for block in blocks(mb):
            proc.stdin.write(block)
            sent += len(block)
            if sent >= next_mark:
                now = time.perf_counter()
                curve.append((sent / 1e6, _rss_mb(proc.pid),
                              (sent - last_sent) / 1e6 / max(1e-9, now - last_t)))
                last_t, last_sent, next_mark = now, sent, next_mark + step
        proc.stdin.close()
        reader.join()
        proc.wait()
        elapsed = time.perf_counter() - started
        added = 0
        with report.open(encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                added += len(e["replacement"].encode()) - len(
                    e["original"].encode("utf-8", "surrogateescape"))
    half = [rss for x, rss, _ in curve if x >= curve[-1][0] / 2]
    return {"mb": sent / 1e6, "seconds": elapsed, "curve": curve,
            "peak_mb": max(rss for _, rss, _ in curve), "second_half": (min(half), max(half)),
            "bytes_in": sent, "bytes_out": out_bytes[0], "edit_delta": added,
            "lost": sent + added - out_bytes[0], "status": proc.returncode}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--write", action="store_true", help="also write docs/stream.md")
    args = parser.parse_args(argv)
    r = run(args.mb)
    lo, hi = r["second_half"]
    lines = [f"{r['mb']:.0f} MB in {r['seconds']:.0f} s ({r['mb'] / r['seconds']:.2f} MB/s), "
             f"exit status {r['status']}.", "",
             "| input MB | resident MB | MB/s since the last row |", "|---|---|---|"]
    lines += [f"| {x:.0f} | {rss:.0f} | {speed:.2f} |" for x, rss, speed in r["curve"]]
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
