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
        return {(m.start, m.end) for m in TextFilter(tn, guards=guards).find(text)}

    assert span in spans([g for g in GUARDS if g is not guard]), "the example needs the guard"
    assert span not in spans(GUARDS)
    assert guard.prevents and guard.stage in ("resolved", "in-context")


def test_guards_have_unique_names_and_run_in_stage_order():
    names = [g.name for g in GUARDS]
    assert len(set(names)) == len(names)
    stages = [g.stage for g in GUARDS]
    assert stages == sorted(stages, key=("resolved", "in-context").index)
