"""What the places a context names say about a candidate: ranking points for being the same
unit, inside a named unit, beside it, or near it on the map. Chooses among namesakes; never
outvotes the name itself."""

from __future__ import annotations

from collections.abc import Iterable

from .. import tuning
from ..geo import distance_km
from ..store.gazetteer import Gazetteer

__all__ = ["context_bonus", "in_named_city"]

Bonus = tuple[float, str, bool]  # points, why (in words), the candidate is itself named


def context_bonus(gaz: Gazetteer, index: int, hints: Iterable[int]) -> Bonus:
    """Ranking points a candidate earns from the places a context names, why, and whether the
    candidate is itself one of them."""
    best, why, identity = 0.0, "", False
    for h in hints:
        if h == index:
            if best < tuning.IDENTITY_POINTS:
                best, why = tuning.IDENTITY_POINTS, f"{gaz.canonical(h)} is named in the context"
            identity = True
            continue
        points, reason = _relation(gaz, index, h)
        if points > best:
            best, why = points, reason
    return best, why, identity


def _relation(gaz: Gazetteer, index: int, h: int) -> tuple[float, str]:
    """The points and reason of the closest tie between a candidate and one named unit."""
    ob, ra, hr = gaz.parent_indexes(index)
    hob, hra, hhr = gaz.parent_indexes(h)
    name = gaz.canonical(h)
    ties = [(0.0, "")]
    if h in (ob, ra, hr):
        inside = {ob: tuning.INSIDE_OBLAST_POINTS, ra: tuning.INSIDE_RAION_POINTS,
                  hr: tuning.INSIDE_HROMADA_POINTS}
        ties.append((inside[h], f"inside {name}"))
    if hr >= 0 and hr == hhr:
        ties.append((tuning.INSIDE_HROMADA_POINTS, f"same hromada as {name}"))
    elif ra >= 0 and ra == hra:
        ties.append((tuning.INSIDE_RAION_POINTS, f"same raion as {name}"))
    elif ob >= 0 and ob == hob:
        ties.append((tuning.INSIDE_OBLAST_POINTS, f"same oblast as {name}"))
    here, there = gaz.coords(index), gaz.coords(h)
    if here and there:
        d = distance_km(here, there)
        if d < tuning.NEAR_KM:
            ties.append((tuning.NEAR_POINTS * (1 - d / tuning.NEAR_KM),
                         f"{d:.0f} km from {name}"))
    return max(ties)


def in_named_city(gaz: Gazetteer, index: int, hints: Iterable[int]) -> bool:
    """Is this city district in a city (or its hromada) the context names? Kyiv's districts
    sit right under the city, others under its hromada."""
    parents = set(gaz.parent_indexes(index)) - {-1}
    return any(h in parents or gaz.parent_indexes(h)[2] in parents for h in hints)
