"""Choose how much a named area relaxes the fuzzy cutoff (tuning.FIELD_RELIEF,
FIELD_KEY_SLACK) from measurements.

    python benchmarks/calibrate_area.py
    python benchmarks/calibrate_area.py --floor    # tuning.FIELD_FLOOR (small areas)
    python benchmarks/calibrate_area.py --winner   # tuning.WINNER_* (a clear winner)

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
WINNERS = ((0, 0.0, 0, 0.0), (600, 5.0, 0, 75.0), (600, 10.0, 0, 75.0), (600, 10.0, 1, 0.0),
           (600, 10.0, 1, 75.0), (600, 10.0, 1, 80.0), (600, 15.0, 1, 75.0),
           (600, 10.0, 2, 75.0), (2000, 10.0, 1, 75.0))
MARGINS = (6.0, 10.0, 15.0)
FLOORS = ((600, 0.0), (600, 5.0), (150, 8.0), (150, 12.0), (80, 12.0), (80, 20.0))


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


def _hromadas(gaz, rng: random.Random, negatives: list) -> list[str]:
    """A hromada of each negative's raion, drawn at random."""
    out = []
    for _, _, raion in negatives:
        ri = gaz.index_of(raion)
        assert ri is not None
        out.append(rng.choice(sorted(gaz.unit_id(i) for i in gaz.members(ri)
                                     if gaz.category(i) == "H")))
    return out


def _positives(tn: Toponorm, positives: list, keys: tuple[str, ...]) -> tuple[float, float]:
    """Percent of the positives resolved to their own unit and to another, with their own
    units of the levels ``keys`` named."""
    right = wrong = 0
    for q, u in positives:
        m = tn.resolve(q, **{k: getattr(u, k).id for k in keys if getattr(u, k) is not None})
        right += m is not None and m.id == u.id
        wrong += m is not None and m.id != u.id
    return 100 * right / len(positives), 100 * wrong / len(positives)


def _inside(tn: Toponorm, negatives: list, keys: tuple[str, ...],
            hromadas: list[str] | None = None) -> float:
    """Percent of the negatives given a unit inside the oblast named, with the levels
    ``keys`` of their (oblast, raion, hromada) named."""
    n = 0
    for k, (q, o, r) in enumerate(negatives):
        given = {"oblast": o, "raion": r, "hromada": hromadas[k] if hromadas else None}
        m = tn.resolve(q, **{key: given[key] for key in keys})
        n += m is not None and m.unit.oblast_id == o
    return 100 * n / len(negatives)


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
            row = [*_positives(tn, positives, ("raion", "oblast")),
                   *_positives(tn, positives, ("oblast",))]
            inside_o = _inside(tn, negatives, ("oblast",))
            inside_r = _inside(tn, negatives, ("oblast", "raion"))
            print(f"{relief:5.1f} {slack:3d}   | {row[0]:5.1f}% {row[1]:4.1f}%          | "
                  f"{row[2]:5.1f}% {row[3]:4.1f}% | {inside_o:4.1f}% {inside_r:4.1f}%",
                  flush=True)


def floor_runs() -> None:
    """tuning.FIELD_FLOOR: positives resolved with their raion and oblast, and with their
    hromada too; negatives (another oblast's names) with a raion, and with a hromada, of the
    oblast named."""
    rng = random.Random(SEED)
    tn = Toponorm()
    positives, negatives = cases(tn, rng, 600)
    hromadas = _hromadas(tn.gazetteer, rng, negatives)
    print(f"{len(positives)} positives, {len(negatives)} negatives (seed {SEED})")
    print("units floor | raion+oblast right wrong | +hromada right wrong | negatives inside "
          "(raion, hromada)")
    for units, floor in FLOORS:
        tuning.FIELD_FLOOR_UNITS, tuning.FIELD_FLOOR = units, floor  # type: ignore[misc]
        tn = Toponorm()
        row = [*_positives(tn, positives, ("raion", "oblast")),
               *_positives(tn, positives, ("hromada", "raion", "oblast"))]
        inside = [_inside(tn, negatives, ("oblast", "raion"), hromadas),
                  _inside(tn, negatives, ("oblast", "raion", "hromada"), hromadas)]
        print(f"{units:4d} {floor:5.1f} | {row[0]:5.1f}% {row[1]:4.1f}%          | {row[2]:5.1f}% "
              f"{row[3]:4.1f}%        | {inside[0]:4.1f}% {inside[1]:4.1f}%", flush=True)


def winner_runs() -> None:
    """tuning.WINNER_*: positives resolved with their oblast, raion and oblast, and all three
    levels; negatives (another oblast's names, and towns abroad as they are or garbled) with
    the oblast, a raion and a hromada of it: a unit inside is wrong."""
    rng = random.Random(SEED)
    tn = Toponorm()
    positives, negatives = cases(tn, rng, 600)
    gaz = tn.gazetteer
    abroad = sorted(gaz.words.places_abroad())
    for _ in range(600):
        q = rng.choice(abroad).title()
        q = garble_with_ops(q, rng, 1)[0] if rng.random() < 0.5 else q
        o = rng.choice(negatives)[1]
        oi = gaz.index_of(o)
        assert oi is not None
        raions = sorted(gaz.unit_id(i) for i in gaz.members(oi) if gaz.category(i) == "P")
        negatives.append((q, o, rng.choice(raions)))
    hromadas = _hromadas(gaz, rng, negatives)
    print(f"{len(positives)} positives, {len(negatives)} negatives (half towns abroad; seed "
          f"{SEED})")
    print("units support slack floor margin | right wrong: oblast, raion+oblast, +hromada | "
          "negatives inside (oblast, raion, hromada)")
    levels = (("oblast",), ("raion", "oblast"), ("hromada", "raion", "oblast"))
    for units, support, slack, floor in WINNERS:
        for margin in MARGINS if units else MARGINS[:1]:
            tuning.WINNER_UNITS, tuning.WINNER_SUPPORT = units, support  # type: ignore[misc]
            tuning.WINNER_KEY_SLACK, tuning.WINNER_MARGIN = slack, margin  # type: ignore[misc]
            tuning.WINNER_MIN_SCORE = floor  # type: ignore[misc]
            tn = Toponorm()
            row = [f"{right:5.1f}% {wrong:4.1f}%"
                   for right, wrong in (_positives(tn, positives, keys) for keys in levels)]
            inside = [f"{_inside(tn, negatives, keys, hromadas):4.1f}%" for keys in levels]
            print(f"{units:4d} {support:5.1f} {slack:2d} {floor:4.0f} {margin:5.1f} | "
                  f"{', '.join(row)} | {', '.join(inside)}", flush=True)


if __name__ == "__main__":
    if "--floor" in sys.argv:
        floor_runs()
    elif "--winner" in sys.argv:
        winner_runs()
    else:
        main()
