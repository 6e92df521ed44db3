"""How likely an answer is right: a logistic model over documented features of the decision,
fitted by ``benchmarks/fit_confidence.py`` on labelled answers (garbles by the training noise
models, official and other names, with and without a named area; never the held-out noise
model or the eval corpora) and shipped as coefficients in ``data/confidence.json``.

The probability is that the *unit* is right: a bare village name with 60 namesakes is the
right name but likely the wrong unit, and its confidence says so."""

from __future__ import annotations

import bisect
import json
import math
import threading
from pathlib import Path
from typing import NamedTuple

from .. import tuning
from ..errors import DataError
from ..store import schema
from ..store.gazetteer import Gazetteer
from ..tuning import same_letters
from ..types import Match
from .decide import Decision

__all__ = ["FEATURES", "Model", "calibrated", "confidence", "features", "raw_probability"]

#: The features, in the order of the coefficients (each scaled to about 0-1).
FEATURES = (
    "bias",
    "score",           # the match's score / 100
    "exact",           # the query is one of the unit's forms from a strong source
    "same-letters",    # the official name with only the drift undone (score 99)
    "official",        # the matched form is the unit's current official name
    "weak-source",     # only weak sources (GeoNames alternates, rebuilt names) vouch for it
    "margin",          # rank lead over the best other name, / 10, at most 1
    "namesakes",       # log(1 + namesakes left) / log(61)
    "namesake-share",  # 1 / (1 + namesakes left): the chance of a blind pick among them
    "city", "settlement", "village", "admin", "district",
    "population",      # log10(1 + population) / 6
    "length",          # letters in the query / 15, at most 1
    "field",           # log10(units that competed) / log10(31,744): 1 nationwide
    "context",         # the caller gave context (text, units or an area)
    "exact-unique",    # exact, and no namesake left: the name and the unit are both certain
    "fuzzy-city",      # a fuzzy match to a city: garbles of smaller places land on cities
    "smaller-namesakes",  # a city's or oblast's namesakes of smaller kinds, log as above
    "dominance",       # log10 of its population over its biggest namesake's, / 3, 0-1
)
_DATA = Path(__file__).resolve().parent.parent / "data" / "confidence.json"
_model: list[Model] = []
_lock = threading.Lock()


def features(gaz: Gazetteer, decision: Decision) -> list[float]:
    """The feature vector of the decision's match (see ``FEATURES``)."""
    m = decision.match
    assert m is not None
    cat = m.unit.category
    others = [r.rank for r in decision.ranked if r.name != m.name]
    own = next((r.rank for r in decision.ranked if r.id == m.id), None)
    margin = 1.0 if own is None or not others else min(1.0, max(0.0, (own - max(others)) / 10))
    tags = set(m.sources)
    weak = not (tags - set(schema.WEAK_TAGS))
    return [
        1.0, m.score / 100, float(m.exact), float(same_letters(m.score) and not m.exact),
        float("official" in tags or "official-cyrillic" in tags), float(weak), margin,
        math.log1p(m.namesakes) / math.log(61), 1 / (1 + m.namesakes),
        float(cat in schema.CITIES), float(cat == schema.SETTLEMENT),
        float(cat == schema.VILLAGE), float(cat in schema.ADMIN),
        float(cat == schema.CITY_DISTRICT),
        math.log10(1 + (m.unit.population or 0)) / 6,
        min(1.0, sum(c.isalpha() for c in m.query) / 15),
        math.log10(max(1, decision.field or len(gaz))) / math.log10(max(2, len(gaz))),
        float(decision.context),
        float(m.exact and not m.namesakes), float(not m.exact and cat in schema.CITIES),
        math.log1p(sum(1 for r in decision.ranked if r.name == m.name
                       and r.category not in schema.BIG) if cat in schema.BIG else 0)
        / math.log(61),
        _dominance(decision, m),
    ]


def _dominance(decision: Decision, m: Match) -> float:
    """How much bigger the answer is than its biggest namesake (1: no namesake, or 1,000
    times bigger; 0: no bigger)."""
    others = [r.population for r in decision.ranked if r.name == m.name and r.id != m.id]
    if not others:
        return 1.0
    ratio = (1 + (m.unit.population or 0)) / (1 + max(others))
    return min(1.0, max(0.0, math.log10(ratio) / 3))


def confidence(gaz: Gazetteer, decision: Decision) -> float:
    """P(the decision's unit is the place meant), rounded to 3 places. An answer outside the
    area the caller named is capped at ``tuning.OUTSIDE_AREA_CONFIDENCE``: the caller's own
    context contradicts it, and no fitted answer was ever of that kind."""
    m = _loaded()
    p = round(calibrated(raw_probability(m.weights, features(gaz, decision)), m.calibration), 3)
    return min(p, tuning.OUTSIDE_AREA_CONFIDENCE) if decision.outside_area else p


def raw_probability(weights: list[float], x: list[float]) -> float:
    """The logistic model's probability, before calibration."""
    z = sum(a * b for a, b in zip(weights, x, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def calibrated(p: float, steps: list[tuple[float, float]]) -> float:
    """The model's probability mapped through its calibration: increasing ``steps`` (highest
    model probability of the step, share right), fitted on answers the model was not fitted
    on (isotonic regression, see fit_confidence.py). A logistic model over these features is
    over-sure in the middle: a probability of 0.85 was right 73% of the time."""
    if not steps:
        return p
    i = bisect.bisect_left(steps, (p, -1.0))
    return steps[min(i, len(steps) - 1)][1]


class Model(NamedTuple):
    weights: list[float]
    calibration: list[tuple[float, float]]


def _loaded() -> Model:
    if not _model:
        with _lock:
            if not _model:
                _model.append(load(_DATA))
    return _model[0]


def load(path: Path) -> Model:
    """The coefficients and the calibration curve in ``path``, checked against
    ``FEATURES``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = [float(data["coefficients"][f]) for f in FEATURES]
        curve = [(float(x), float(y)) for x, y in data.get("calibration", [])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"toponorm's confidence model {path.name!r} is missing or damaged "
                        f"({exc}); reinstall toponorm") from exc
    values = weights + [v for point in curve for v in point]
    if not all(math.isfinite(x) for x in values) or not all(
            0 <= x <= 1 and 0 <= y <= 1 for x, y in curve) or curve != sorted(curve) or (
            [y for _, y in curve] != sorted(y for _, y in curve)):
        raise DataError(f"toponorm's confidence model {path.name!r} is damaged; reinstall")
    return Model(weights, curve)
