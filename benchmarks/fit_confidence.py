"""Fit the confidence model (toponorm/match/confidence.py) and write its coefficients to
toponorm/data/confidence.json.

    python benchmarks/fit_confidence.py            # fit, write, print the fit's own table
    python benchmarks/fit_confidence.py --check    # fit and fail if the shipped file differs

Labelled answers: every accepted decision on queries built from the codifier with this
script's own seed: official names and other forms of cities, settlements and villages (half
drawn evenly per kind, half in proportion to population; bare names choose among namesakes,
so a village's bare name is often the wrong unit), oblasts, raions and hromadas with their
unit words, garbles by
``noise.py`` (levels 1-2) and by the ``phonetic`` model, each bare, with its oblast, with
its raion and oblast, or with all three levels. Label: the answer is the very unit. The
held-out ``keyboard-ocr`` model and the eval corpora are not used; docs/benchmarks.md shows
the calibration on them.

A logistic regression with a small L2 penalty, fitted by Newton's method in pure Python (22
features, a few thousand rows: no numpy needed), deterministic to the last digit printed;
then its calibration: each answer's probability from the model fitted on the other half of
the answers, and the increasing curve that maps those to the share right (isotonic
regression, steps of at least ``MIN_STEP`` answers), shipped as points beside the
coefficients.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from noise import garble_with_ops
from noise_models import garble_by

from toponorm import Toponorm
from toponorm.match import confidence as model

SEED = 20261207
OUT = Path(__file__).resolve().parent.parent / "toponorm" / "data" / "confidence.json"
L2 = 1e-2
PER_KIND = 2000
MIN_STEP = 40  #: answers in the smallest step of the calibration curve
CERTAIN = 0.999  #: the highest confidence


def queries(tn: Toponorm, rng: random.Random):
    """(query, truth unit, keyword arguments) for the fit: half the units drawn evenly per
    kind, half in proportion to population (news names places roughly by their size, so a
    bare "Mykolaiv" is the city of 470,000 far more often than the town of 14,000)."""
    gaz = tn.gazetteer
    by_cat: dict[str, list] = {}
    for u in gaz.units():
        if u.category in "MXC" and u.oblast and u.raion:
            by_cat.setdefault(u.category, []).append(u)
    chosen = []
    for cat in sorted(by_cat):
        pool = sorted(by_cat[cat], key=lambda x: x.id)
        chosen += rng.sample(pool, min(PER_KIND, len(pool)))
    peopled = sorted((u for us in by_cat.values() for u in us if u.population),
                     key=lambda x: x.id)
    chosen += rng.choices(peopled, weights=[u.population for u in peopled], k=len(chosen))
    for u in chosen:
        yield (*_spelling(gaz, u, rng), _where(u, rng))
    yield from _admin_queries(gaz, rng)


#: how news and tables write an admin unit's word
_UNIT_WORDS = {"O": ("oblast", "Oblast", "region"), "P": ("raion", "district", "District"),
               "H": ("hromada", "community")}


def _admin_queries(gaz, rng: random.Random):
    """Oblasts, raions and hromadas as tables and news write them: the official name
    ("Donetska oblast"), the noun with a unit word ("Bakhmut district"), or that noun
    garbled; bare, or a raion's or hromada's with its oblast. Without them the only admin
    answers the fit saw were garbles of settlements landing on an oblast: all wrong."""
    units = sorted((u for u in gaz.units() if u.category in "OPH" and u.short),
                   key=lambda x: x.id)
    hromadas = [u for u in units if u.category == "H"]
    chosen = [u for u in units if u.category != "H"] + rng.sample(hromadas, 600)
    for u in chosen:
        roll = rng.random()
        word = rng.choice(_UNIT_WORDS[u.category])
        if roll < 0.35:
            q = u.name
        elif roll < 0.7:
            q = f"{u.short} {word}"
        else:
            q = f"{garble_with_ops(u.short, rng, 1)[0]} {word}"
        kw = {"oblast": u.oblast.id} if u.oblast and rng.random() < 0.5 else {}
        yield q, u, kw


def _spelling(gaz, u, rng: random.Random) -> tuple[str, object]:
    roll = rng.random()
    if roll < 0.3:
        q = u.name
    elif roll < 0.6:
        q = garble_with_ops(u.name, rng, rng.choice((1, 2)))[0]
    elif roll < 0.8:
        q = garble_by("phonetic", u.name, rng)[0]
    else:
        i = gaz.index_of(u.id)
        forms = sorted(f for f, _ in gaz.forms_of(i) if " " not in f) or [u.name]
        q = rng.choice(forms).title()
    return q, u


def _where(u, rng: random.Random) -> dict[str, str]:
    where = rng.choice(("bare", "bare", "oblast", "raion", "hromada"))
    kw = {} if where == "bare" else {"oblast": u.oblast.id}
    if where in ("raion", "hromada"):
        kw["raion"] = u.raion.id
    if where == "hromada" and u.hromada:
        kw["hromada"] = u.hromada.id
    return kw


def rows(tn: Toponorm, rng: random.Random) -> tuple[list[list[float]], list[int]]:
    xs, ys = [], []
    for q, u, kw in queries(tn, rng):
        d = tn.decide(q, **kw)
        if d.match is not None:
            xs.append(model.features(tn.gazetteer, d))
            ys.append(int(d.match.id == u.id))
    return xs, ys


def fit(xs: list[list[float]], ys: list[int], iterations: int = 25) -> list[float]:
    """Logistic regression by Newton's method with an L2 penalty (not on the bias)."""
    d = len(xs[0])
    w = [0.0] * d
    for _ in range(iterations):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in zip(xs, ys, strict=True):
            z = sum(a * b for a, b in zip(w, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            for i in range(d):
                grad[i] += (p - y) * x[i]
                if x[i]:
                    for j in range(d):
                        hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, d):
            grad[i] += L2 * w[i]
            hess[i][i] += L2
        for i in range(d):
            hess[i][i] += 1e-9  # features that never vary (a kind absent) stay solvable
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def out_of_fold(xs: list[list[float]], ys: list[int]) -> list[float]:
    """Each answer's probability from a model fitted on the other half (answers alternate
    between two halves): what the model says of answers it was not fitted on."""
    out = [0.0] * len(ys)
    for half in (0, 1):
        train = [i for i in range(len(ys)) if i % 2 != half]
        w = fit([xs[i] for i in train], [ys[i] for i in train])
        for i in range(half, len(ys), 2):
            out[i] = model.raw_probability(w, xs[i])
    return out


def isotonic(ps: list[float], ys: list[int]) -> list[tuple[float, float]]:
    """The increasing step curve closest to the labels (pool adjacent violators), each step
    of at least ``MIN_STEP`` answers, as (highest probability of the step, share right) per
    step; the last step reaches 1."""
    blocks: list[list[float]] = []  # [highest p, sum of y, answers]
    for p, y in sorted(zip(ps, ys, strict=True)):
        blocks.append([p, float(y), 1])
        while len(blocks) > 1 and (blocks[-2][1] / blocks[-2][2]
                                   >= blocks[-1][1] / blocks[-1][2]):
            _merge(blocks, len(blocks) - 2)
    while len(blocks) > 1 and min(b[2] for b in blocks) < MIN_STEP:
        i = min(range(len(blocks)), key=lambda k: (blocks[k][2], k))
        # (with the neighbour whose share is nearer: the curve stays increasing)
        if i == len(blocks) - 1 or (i > 0 and abs(_share(blocks[i - 1]) - _share(blocks[i]))
                                    <= abs(_share(blocks[i + 1]) - _share(blocks[i]))):
            i -= 1
        _merge(blocks, i)
    # (no answer is certain: a step where every answer was right says 0.999)
    return [(round(b[0], 6), round(min(CERTAIN, b[1] / b[2]), 4)) for b in blocks[:-1]] + [
        (1.0, round(min(CERTAIN, blocks[-1][1] / blocks[-1][2]), 4))]


def _share(block: list[float]) -> float:
    return block[1] / block[2]


def _merge(blocks: list[list[float]], i: int) -> None:
    """Block i takes in block i + 1."""
    nxt = blocks.pop(i + 1)
    blocks[i] = [nxt[0], blocks[i][1] + nxt[1], blocks[i][2] + nxt[2]]


def reliability(ps: list[float], ys: list[int], bins: int = 10
                ) -> list[tuple[str, int, float, float]]:
    """(bin, items, mean predicted, observed) per tenth of probability."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, p in enumerate(ps) if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if idx:
            out.append((f"{lo:.1f}-{hi:.1f}", len(idx), sum(ps[i] for i in idx) / len(idx),
                        sum(ys[i] for i in idx) / len(idx)))
    return out


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--check", action="store_true")
    opts = args.parse_args(argv)
    # (the fit must not read the old model)
    model._model[:] = [model.Model([0.0] * len(model.FEATURES), [])]
    tn = Toponorm()
    xs, ys = rows(tn, random.Random(SEED))
    w = fit(xs, ys)
    coefficients = {f: round(v, 4) for f, v in zip(model.FEATURES, w, strict=True)}
    held = out_of_fold(xs, ys)
    curve = isotonic(held, ys)
    text = json.dumps({"fitted_by": "benchmarks/fit_confidence.py", "seed": SEED,
                       "rows": len(ys), "right": sum(ys), "coefficients": coefficients,
                       "calibration": curve}, indent=1) + "\n"
    print(f"{len(ys)} answers, {sum(ys)} right")
    for f, v in coefficients.items():
        print(f"  {f:14s} {v:+.4f}")
    print(f"calibration: {len(curve)} points")
    for label, ps in (("logistic model, each answer fitted on the other half", held),
                      ("calibrated (in sample: the curve was fitted on these)",
                       [model.calibrated(p, curve) for p in held])):
        print(label)
        for row in reliability(ps, ys):
            print(f"  bin {row[0]}: {row[1]:5d} items, predicted {row[2]:.3f}, "
                  f"observed {row[3]:.3f}")
    if opts.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("the shipped model is " + ("up to date" if same else "STALE: run this script"))
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
