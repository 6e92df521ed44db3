"""Choose the default acceptance cutoff of resolve() from measurements.

    pip install gender-guesser          # its name list is the negative set (not shipped)
    python benchmarks/calibrate.py

Positives: official names of cities, settlements and villages garbled by the benchmark's noise
model (``noise.py``), with a seed of their own (the benchmark uses another). Negatives: first
names of many countries from gender-guesser's dictionary (GNU FDL data, used only here), minus
those that are English words or in toponorm's given-name list (those never reach the cutoff).
For each cutoff it prints, per kind, how many garbles resolve right, wrong, or abstain, and the
share of negatives resolved to any place. docs/matching.md records the run.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from noise import garble

import toponorm
from toponorm.match.analyse import analyse, redecide
from toponorm.query.normalize import fold
from toponorm.store.gazetteer import shared_gazetteer as get_gazetteer

CUTOFFS = [70, 74, 76, 78, 80, 82, 84, 86, 90]
SEED = 20261130


def negatives(gaz, n: int, rng: random.Random) -> list[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    for line in path.read_bytes().decode("latin-1").splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip()
        if re.fullmatch(r"[A-Z][a-z]{3,}", name):
            f = fold(name)
            if f not in gaz.words.english_words() and f not in gaz.words.given_names:
                names.add(name)
    return rng.sample(sorted(names), n)


def main() -> None:
    gaz = get_gazetteer()
    rng = random.Random(SEED)
    by_kind = {"city": [], "settlement": [], "village": []}
    for u in gaz.units():
        if u.category in ("M", "X", "C"):
            by_kind[u.kind].append(u)
    positives = []
    for kind, units in by_kind.items():
        for u in rng.sample(units, 300):
            positives.append((kind, u.name, garble(u.name, rng, rng.choice((1, 2)))))
    neg = negatives(gaz, 3000, rng)

    def decisions(query: str):
        try:
            decision = analyse(gaz, query).decision
        except toponorm.ToponormError:
            return lambda c: None
        return lambda c: redecide(gaz, decision, c, ()).match

    pos_d = [(kind, name, decisions(q)) for kind, name, q in positives]
    neg_d = [decisions(q) for q in neg]
    print(f"{len(positives)} garbled names (300 per kind, noise level 1-2), {len(neg)} first names")
    print("cutoff | kind | right | wrong | abstain || negatives accepted")
    for c in CUTOFFS:
        fa = sum(1 for d in neg_d if d(c) is not None)
        for kind in by_kind:
            rows = [(name, d(c)) for k, name, d in pos_d if k == kind]
            right = sum(1 for name, m in rows if m is not None and m.name == name)
            wrong = sum(1 for name, m in rows if m is not None and m.name != name)
            print(f"{c:6} | {kind:10} | {right / len(rows):6.1%} | {wrong / len(rows):6.1%} | "
                  f"{(len(rows) - right - wrong) / len(rows):6.1%} || {fa / len(neg):6.2%}")


if __name__ == "__main__":
    main()
