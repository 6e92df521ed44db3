"""The topic gate: only a text about Ukraine may have its weaker matches (garbles, villages,
foreign romanisations) reported. Licence texts and manuals name no Ukrainian place, so nothing
in them is one."""

from __future__ import annotations

from ..store import schema
from ..store.gazetteer import Gazetteer
from ..types import Match

__all__ = ["needs_topic", "shows_topic"]


def needs_topic(gaz: Gazetteer, match: Match, folded: str) -> bool:
    """Is this match too weak to stand in a text that is not about Ukraine? Only an exact
    form of a city, an oblast or a raion that is not also a common English word stands
    alone ("Kiev" does; "Baghmud", "Bar" the city, and village names do not)."""
    return not (match.exact and match.unit.category in schema.BIG + schema.RAION
                and folded not in gaz.words.common_words())


def shows_topic(gaz: Gazetteer, found: list[tuple[Match | None, str]]) -> bool:
    """Does a segment show it is about Ukraine: does it name a city or oblast outright? (The
    word "Ukrainian" alone is not enough: software credits thank the Ukrainian translator.)
    ``found``: (match, folded query) of each span."""
    return any(m is not None and not needs_topic(gaz, m, folded) for m, folded in found)
