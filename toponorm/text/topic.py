"""The topic gate: only a text about Ukraine may have its weaker matches (garbles, villages,
foreign romanisations) reported. Licence texts and manuals name no Ukrainian place, so nothing
in them is one."""

from __future__ import annotations

import re

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


#: Ukraine named as a country ("Ukraine", "Ukraine's", "Ukrainian"), in any case.
_UKRAINE = re.compile(r"\bukrain(?:e|e's|e\u2019s|ian|ians)\b", re.IGNORECASE)
#: The war's vocabulary: with Ukraine named in the same sentence, it is news about the war.
#: (Judgement: words of war reports that software and manuals do not use; "attack", "forces",
#: "killed", "strike" are left out, they are everyday words of security notes and changelogs.)
_WAR = re.compile(
    r"\b(?:war|invasion|invaders?|offensive|counteroffensive|shell(?:s|ed|ing)|missiles?|"
    r"drones?|rockets?|artillery|troops|soldiers|military|occup(?:ied|ation|iers)|"
    r"front(?:line|lines)?|bomb(?:ed|ing|ings)|explosions?|evacuat(?:ed|ion)|liberated|"
    r"casualties|shelter|fighting|battles?|combat|clashes|assaults?|air ?strikes?|"
    r"air raids?|siege|ceasefire|wounded)\b", re.IGNORECASE)
#: How far from "Ukraine" the war's word may stand (about a sentence either side).
_WAR_WINDOW = 160


def shows_topic(gaz: Gazetteer, found: list[tuple[Match | None, str]], text: str = "") -> bool:
    """Does a segment show it is about Ukraine: does it name a city or oblast outright, or
    name Ukraine with the war's vocabulary near it ("Shelling near Baghmud in eastern
    Ukraine")? (Ukraine alone is not enough: software credits thank the Ukrainian translator,
    and locale tables list the country.) ``found``: (match, folded query) of each span."""
    if any(m is not None and not needs_topic(gaz, m, folded) for m, folded in found):
        return True
    return any(_WAR.search(text, max(0, u.start() - _WAR_WINDOW), u.end() + _WAR_WINDOW)
               for u in _UKRAINE.finditer(text))
