"""What the places a context names say about a candidate: ranking points for being the same
unit, inside a named unit, beside it, or near it on the map. Chooses among namesakes; never
outvotes the name itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import tuning
from ..geo import distance_km
from ..store.gazetteer import Gazetteer

__all__ = ["NamedPlaces", "context_bonus", "in_named_city"]

Bonus = tuple[float, str, bool]  # points, why (in words), the candidate is itself named


# A grid of cells at least NEAR_KM on a side in Ukraine's latitudes (a degree of longitude is
# 67 km or more south of 53 N): two places within NEAR_KM lie in the same or adjacent cells.
_CELL_LAT, _CELL_LON = tuning.NEAR_KM / 111.0, tuning.NEAR_KM / 60.0


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    return int(point[0] // _CELL_LAT), int(point[1] // _CELL_LON)


def _area(gaz: Gazetteer, index: int) -> int:
    """The oblast-level unit holding a unit (itself at the top): a tie through the hierarchy
    never crosses it."""
    oblast = gaz.parent_indexes(index)[0]
    return index if oblast < 0 else oblast


class NamedPlaces:
    """The places a context names, filed by oblast and by map cell, so that a candidate meets
    only those that can tie to it. A long text names dozens of places, and each of its spans
    weighs dozens of namesakes against them: comparing every pair was most of the time."""

    __slots__ = ("_bonuses", "_by_area", "_by_cell", "hints")

    def __init__(self, gaz: Gazetteer, hints: Sequence[int]) -> None:
        self.hints = tuple(hints)
        self._by_area: dict[int, list[int]] = {}
        self._by_cell: dict[tuple[int, int], list[int]] = {}
        self._bonuses: dict[int, Bonus] = {}
        for pos, h in enumerate(self.hints):
            self._by_area.setdefault(_area(gaz, h), []).append(pos)
            point = gaz.coords(h)
            if point:
                self._by_cell.setdefault(_cell(point), []).append(pos)

    def bonus(self, gaz: Gazetteer, index: int) -> Bonus:
        """``context_bonus`` of a candidate, remembered: a text asks about the same
        candidates against the same places many times."""
        hit = self._bonuses.get(index)
        if hit is None:
            hit = self._bonuses[index] = context_bonus(gaz, index, self)
        return hit

    def around(self, gaz: Gazetteer, index: int) -> list[int]:
        """The named places that may tie to the unit, in the order they were named."""
        found = set(self._by_area.get(_area(gaz, index), ()))
        point = gaz.coords(index)
        if point:
            la, lo = _cell(point)
            for dla in (-1, 0, 1):
                for dlo in (-1, 0, 1):
                    found.update(self._by_cell.get((la + dla, lo + dlo), ()))
        return [self.hints[pos] for pos in sorted(found)]


def context_bonus(gaz: Gazetteer, index: int, hints: Iterable[int] | NamedPlaces) -> Bonus:
    """Ranking points a candidate earns from the places a context names, why, and whether the
    candidate is itself one of them."""
    best, why, identity = 0.0, "", False
    if isinstance(hints, NamedPlaces):
        hints = hints.around(gaz, index)
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
