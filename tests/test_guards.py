"""Each guard of the registry prevents the false positive it names: its example is reported
without it, and not with it."""

from __future__ import annotations

import pytest

import toponorm
from toponorm.text.filter import TextFilter
from toponorm.text.guards import GUARDS


@pytest.mark.parametrize("guard", GUARDS, ids=lambda g: g.name)
def test_each_guard_stops_its_example(guard):
    tn = toponorm.default()
    text, surface = guard.example
    start = text.index(surface)
    span = (start, start + len(surface))

    def spans(guards):
        return {(m.start, m.end): m.place.id for m in TextFilter(tn, guards=guards).find(text)}

    unguarded = spans([g for g in GUARDS if g is not guard])
    assert span in unguarded, "the example needs the guard"
    # (not reported, or reported as another unit: a part of a city is reported as the city)
    assert spans(GUARDS).get(span) != unguarded[span]
    assert guard.prevents and guard.stage in ("resolved", "in-context")


def test_guards_have_unique_names_and_run_in_stage_order():
    names = [g.name for g in GUARDS]
    assert len(set(names)) == len(names)
    stages = [g.stage for g in GUARDS]
    assert stages == sorted(stages, key=("resolved", "in-context").index)


def test_a_tie_to_a_named_place_counts_only_when_chance_would_rarely_give_it():
    from toponorm.text.guards import _tie_by_chance
    gaz = toponorm.default().gazetteer
    crowded = gaz.latin("andriivka")[0][0]  # one of 75 villages of that name
    poltava = gaz.index_of(toponorm.resolve("Poltava").id)
    assert gaz.namesakes(crowded) > 50
    assert _tie_by_chance(gaz, crowded, frozenset({poltava}), 6.0)
    unique = gaz.latin("berezhnivka")[0][0]  # a village of Poltava's raion, the only one
    assert gaz.namesakes(unique) == 1
    assert not _tie_by_chance(gaz, unique, frozenset({poltava}), 6.0)
    # a namesake-rich place named in the text vouches as weakly as a namesake-rich candidate
    assert _tie_by_chance(gaz, unique, frozenset({crowded}), 6.0)
