"""Coverage-guided fuzzing of toponorm with atheris (libFuzzer for Python).

    pip install atheris
    python benchmarks/fuzz_atheris.py -atheris_runs=3000          # CI: a short run
    python benchmarks/fuzz_atheris.py -max_total_time=3600 corpus/  # a long run, corpus kept

Where ``benchmarks/fuzz.py`` mutates text at random, this one lets libFuzzer steer the bytes
toward new branches of the matcher and the text filter. The seed corpus is
``benchmarks/fuzz_corpus/`` (our own sentences, names and byte soup); libFuzzer adds what it
finds to the first corpus folder given. Each input is decoded as the command line decodes
(UTF-8 with surrogateescape, so any byte string is a text) and checked:

- resolve, candidates and explain_abstention raise nothing but toponorm's own errors;
- clean(text) is find(text)'s replacements applied: the text outside the spans is unchanged;
- a TextFilter fed the text in two pieces gives clean(text).

(Idempotence is fuzz.py's to report: adversarial lists of slipped names still break it.)

A failing input is written by libFuzzer as crash-<sha1>; add it to the regression tests.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():  # (the package loads its stages lazily: name them)
    import toponorm
    import toponorm.api
    import toponorm.text.filter
    from toponorm import ToponormError

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"


def _applied(text: str, mentions: list[toponorm.Mention]) -> str:
    out, pos = [], 0
    for m in mentions:
        assert text[m.start:m.end] == m.text, (m, text[m.start:m.end])
        out += [text[pos:m.start], m.replacement]
        pos = m.end
    return "".join(out) + text[pos:]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    cut = fdp.ConsumeIntInRange(0, 1 << 16)
    text = fdp.ConsumeBytes(fdp.remaining_bytes()).decode("utf-8", "surrogateescape")
    for call in (toponorm.resolve, toponorm.candidates, toponorm.explain_abstention):
        with contextlib.suppress(ToponormError):  # (its own errors: empty, too long)
            call(text[:300])
    found = toponorm.find(text)
    cleaned = toponorm.clean(text)
    assert cleaned == _applied(text, found)
    tf = toponorm.default().text_filter()
    cut = min(cut, len(text))
    pieces = tf.feed(text[:cut]).text + tf.feed(text[cut:]).text + tf.finish().text
    assert pieces == cleaned, (cut, pieces, cleaned)


def main() -> None:
    argv = list(sys.argv)
    with tempfile.TemporaryDirectory() as scratch:
        if not any(not a.startswith("-") for a in argv[1:]):
            # no corpus folder given: ours, copied (libFuzzer adds what it finds to it)
            shutil.copytree(CORPUS, Path(scratch) / "corpus")
            argv.append(str(Path(scratch) / "corpus"))
        atheris.Setup(argv, test_one_input)
        atheris.Fuzz()


if __name__ == "__main__":
    main()
