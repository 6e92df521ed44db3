"""Regression tests of issue #15's reliability classes (the CLI's are in test_cli*.py):
linear time on pathological text, bounded inputs and memory, segment cuts that never split a
name, forks while another thread holds a lock, and the contract of argument types."""

from __future__ import annotations

import gc
import subprocess
import sys
import time

import pytest

import toponorm
from toponorm import InputTypeError, InputValueError
from toponorm.text.segments import SEGMENT, segments

# Families of text that once made the filter quadratic or may: capitals chained by invisible
# marks (a word match ran to the end of the chain from each capital), hyphens, apostrophes,
# no-break spaces, dense lists of places and of garbles.
FAMILIES = {"invisible": "A\u00ad", "zwj": "Ab\u200d", "hyphen": "Ab-", "apostrophe": "Ab'",
            "space": "Ab ", "no-break": "Kharkov\u00a0", "places": "Kyiv, ",
            "garbles": "Baghmud Gershon ", "old names": "Kiev ",
            "renamings": "Artemovsk became Bakhmut, "}


def _best_time(text: str) -> float:
    # the cyclic collector off while timing: a full collection over the heap the rest of the
    # suite left is a pause that has nothing to do with the input's length; CPU time, not the
    # wall clock: waiting for a core on a loaded host (a linear family read 3.47 in a CI run
    # beside two other busy processes) is no cost of the input either
    gc.collect()
    gc.disable()
    try:
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            toponorm.clean(text)
            best = min(best, time.process_time() - t)
        return best
    finally:
        gc.enable()


@pytest.mark.parametrize("unit", FAMILIES.values(), ids=FAMILIES.keys())
def test_time_is_linear_on_pathological_text(unit):
    toponorm.clean("warm up: Kyiv, Baghmud")
    small = unit * (16000 // len(unit))
    # long enough to take 50 ms: a pause of a few ms on a busy machine (CI runs two test
    # workers on two cores) made a linear family of 26 ms read as 3.6
    while _best_time(small) < 0.05 and len(small) < 256_000:
        small *= 2
    # doubling the input doubles the time (a quadratic family gave 3.5-4 here); measured up to
    # three times, the lowest kept: beside the other test worker a linear family read 3.1-3.2
    # once in CI (2.0 alone), while a quadratic one reads high every time
    ratios = []
    for _ in range(3):
        ratios.append(_best_time(small * 2) / max(_best_time(small), 1e-4))
        if ratios[-1] < 3.0:
            break
    assert min(ratios) < 3.0, ratios


def test_a_location_string_is_held_to_the_name_limit():
    with pytest.raises(InputValueError, match="at most 200"):
        toponorm.resolve("Kyiv, " + "Donetsk Oblast " * 100)


def test_segments_never_cut_a_word_or_a_name_from_its_unit_word():
    nbsp = "Kharkov\u00a0" * 20000  # no space or line break for 160,000 characters
    assert "Kharkivov" not in toponorm.clean(nbsp)
    pieces = [seg for _, seg in segments(nbsp, final=True)]
    assert all(p.endswith("\u00a0") for p in pieces[:-1])
    text = "In Ukraine " + "x" * (SEGMENT - 20) + " Dnipropetrovsk Oblast " + "y " * 100
    assert [m.replacement for m in toponorm.find(text)] == ["Dnipropetrovsk"]


FORK = r"""
import os, sys, threading, time
import toponorm
tn = toponorm.default()
gaz = tn.gazetteer
held = threading.Event()
def hold():
    with gaz._lock, gaz.words._lock:  # as a thread building an index at the fork would
        held.set()
        time.sleep(3)
threading.Thread(target=hold, daemon=True).start()
held.wait()
pid = os.fork()
if pid == 0:
    ok = toponorm.resolve("Baghmud").name == "Bakhmut" and toponorm.resolve("Strike") is None
    os._exit(0 if ok else 1)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork on this platform")
def test_a_fork_while_another_thread_holds_a_lock_does_not_deadlock_the_child():
    subprocess.run([sys.executable, "-W", "ignore", "-c", FORK], check=True, timeout=60)


@pytest.mark.parametrize("value", [1, 0, "yes"])
def test_about_ukraine_takes_only_true_false_or_none(value):
    with pytest.raises(InputTypeError, match="about_ukraine"):
        toponorm.find("Kyiv", about_ukraine=value)


def test_a_limit_of_the_wrong_type_is_a_type_error():
    with pytest.raises(InputTypeError, match="limit"):
        toponorm.candidates("Kyiv", limit="3")  # type: ignore[arg-type]
    with pytest.raises(InputValueError, match="limit"):
        toponorm.candidates("Kyiv", limit=0)


def test_the_text_filter_is_exported():
    assert isinstance(toponorm.default().text_filter(), toponorm.TextFilter)


def test_the_shipped_checksums_cover_every_data_file():
    from pathlib import Path

    from toponorm.store import artifact

    folder = Path(toponorm.__file__).parent / "data"
    assert (folder / artifact.CHECKSUMS).read_text(encoding="utf-8") == \
        artifact.checksums_text(folder)
    for path in folder.glob("*.gz"):
        assert artifact.read_data(path.name)  # each verifies


def test_a_damaged_data_file_is_a_one_line_data_error(monkeypatch):
    from toponorm import DataError
    from toponorm.store import artifact

    artifact.read_data("countries.txt.gz")  # the manifest is read
    monkeypatch.setitem(artifact._manifest, "countries.txt.gz", "0" * 64)
    with pytest.raises(DataError, match=r"'countries.txt.gz' is damaged.*reinstall toponorm"):
        artifact.read_data("countries.txt.gz")
    monkeypatch.delitem(artifact._manifest, "countries.txt.gz")
    with pytest.raises(DataError, match=r"countries\.txt\.gz"):
        artifact.read_data("countries.txt.gz")


@pytest.mark.parametrize("surface", ["Донецька", "Donetska", "Donetskaya"])
def test_an_oblast_named_by_its_adjective_alone_is_rewritten_as_the_oblast(surface):
    # reported as the oblast, it must not be rewritten to the city's name
    text = f"Shelling hit {surface} in Ukraine."
    [m] = toponorm.find(text)
    assert m.place.kind == "oblast" and m.replacement == "Donetsk Oblast"
    assert toponorm.clean("Shelling hit Lugansk in Ukraine.") == \
        "Shelling hit Luhansk in Ukraine."  # the short noun stays the short noun


_HOLES = r"""
import sys
from toponorm import heap

def rss_mb():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024

# 8 KB blocks between small ones that stay: freeing the big ones leaves holes of whole pages
# in the C heap that free() alone does not give back
pairs = [(bytes(8192), bytes(600)) for _ in range(12000)]
keep = [small for _, small in pairs]
del pairs
before = rss_mb()
heap.trim()
print(before - rss_mb())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and glibc: Linux only")
def test_heap_trim_gives_freed_pages_back():
    # (in a child process: this test's own heap is whatever the suite left)
    out = subprocess.run([sys.executable, "-c", _HOLES], capture_output=True, text=True,
                         check=True, timeout=60)
    assert float(out.stdout) > 20, out.stdout  # (about 45 MB here; none without the trim)


@pytest.mark.parametrize("text", [
    # found by benchmarks/fuzz.py: "Kotndini" becomes a place only in context, and "Kev"
    # after it was read as a surname after a first name until the text was cleaned
    "Kiev,Kotndini Kev Koandiniv",
    "Shelling hit Kiev,Kotndini Kev Koandiniv overnight.",
])
def test_a_word_beside_a_rewritten_one_is_decided_as_after_cleaning(text):
    once = toponorm.clean(text)
    assert once != text
    assert toponorm.clean(once) == once
