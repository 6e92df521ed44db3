"""Choose how much a named area relaxes the fuzzy cutoff (tuning.FIELD_RELIEF,
FIELD_KEY_SLACK) from measurements.

    python benchmarks/calibrate_area.py

Positives: official names of cities, settlements and villages garbled once by the training
noise models (``noise.py`` and ``noise_models`` "phonetic"; never the held-out
"keyboard-ocr"), resolved with their raion and oblast, or their oblast alone. Negatives: names
of villages and settlements of *other* oblasts that no unit of the named oblast bears, as they
are and garbled, resolved with that oblast (and a raion of it): the right answer is to abstain,
and a unit inside is wrong. For each setting it prints the share right and wrong of the
positives and the share of negatives given a unit inside. docs/matching.md records the run.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from noise import garble_with_ops
from noise_models import garble_by

from toponorm import Toponorm, tuning
from toponorm.query.normalize import fold

SEED = 20261206
RELIEFS = (0.0, 3.0, 5.0, 8.0, 12.0)
SLACKS = (0, 1)


def cases(tn: Toponorm, rng: random.Random, n: int):
    gaz = tn.gazetteer
    units = sorted((u for u in gaz.units() if u.category in "MXC" and u.raion and u.oblast),
                   key=lambda u: u.id)
    names_by_oblast: dict[str, set[str]] = {}
    for u in units:
        assert u.oblast is not None
        names_by_oblast.setdefault(u.oblast.id, set()).add(fold(u.name))
    positives = []
    for u in rng.sample(units, n):
        model = rng.choice(("training", "phonetic"))
        q = garble_with_ops(u.name, rng, 1)[0] if model == "training" else \
            garble_by("phonetic", u.name, rng)[0]
        positives.append((q, u))
    negatives = []
    oblasts = sorted(names_by_oblast)
    while len(negatives) < n:
        u = rng.choice(units)
        assert u.oblast is not None
        target = rng.choice([o for o in oblasts if o != u.oblast.id])
        if fold(u.name) in names_by_oblast[target]:
            continue
        q = u.name if rng.random() < 0.5 else garble_with_ops(u.name, rng, 1)[0]
        ti = gaz.index_of(target)
        assert ti is not None
        raions = sorted(gaz.unit_id(i) for i in gaz.members(ti) if gaz.category(i) == "P")
        negatives.append((q, target, rng.choice(raions)))
    return positives, negatives


def main() -> None:
    rng = random.Random(SEED)
    positives, negatives = cases(Toponorm(), rng, 600)
    print(f"{len(positives)} positives, {len(negatives)} negatives (seed {SEED})")
    print("relief slack | raion+oblast right wrong | oblast right wrong | "
          "negatives inside (oblast, raion+oblast)")
    for slack in SLACKS:
        for relief in RELIEFS:
            tuning.FIELD_RELIEF, tuning.FIELD_KEY_SLACK = relief, slack  # type: ignore[misc]
            tn = Toponorm()
            row = []
            for keys in (("raion", "oblast"), ("oblast",)):
                right = wrong = 0
                for q, u in positives:
                    kw = {k: getattr(u, k).id for k in keys}
                    m = tn.resolve(q, **kw)
                    right += m is not None and m.id == u.id
                    wrong += m is not None and m.id != u.id
                row += [100 * right / len(positives), 100 * wrong / len(positives)]
            inside_o = sum(tn.resolve(q, oblast=o) is not None
                           and tn.resolve(q, oblast=o).unit.oblast_id == o
                           for q, o, _ in negatives)
            inside_r = sum(tn.resolve(q, oblast=o, raion=r) is not None
                           and tn.resolve(q, oblast=o, raion=r).unit.oblast_id == o
                           for q, o, r in negatives)
            print(f"{relief:5.1f} {slack:3d}   | {row[0]:5.1f}% {row[1]:4.1f}%          | "
                  f"{row[2]:5.1f}% {row[3]:4.1f}% | {100 * inside_o / len(negatives):4.1f}% "
                  f"{100 * inside_r / len(negatives):4.1f}%", flush=True)


if __name__ == "__main__":
    main()
