"""A raw query made ready for matching: checked, cleaned of leaks and look-alikes, its
possessive and unit word ("Donetsk Oblast", "city of Kyiv") read off, a location split."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputValueError, require_text
from ..types import Step
from .normalize import clean_query, without_invisible

__all__ = ["MAX_NAME_LENGTH", "UNIT_WORDS", "Prepared", "check_length", "prepare",
           "split_location",
           "split_unit_word"]

#: The longest name ``resolve`` accepts; real names are under 40 characters.
MAX_NAME_LENGTH = 200

#: Unit words in English, in Ukrainian/Russian romanisations and in Cyrillic, folded, with the
#: codifier categories they select (a city's districts are raions too: Kharkiv's Kyivskyi raion).
UNIT_WORDS = {
    "oblast": "O", "oblasts": "O", "region": "O", "regional": "O", "province": "O",
    "obl": "O", "oblasti": "O", "regions": "O", "область": "O", "обл": "O",
    "raion": "PB", "rayon": "PB", "district": "PB", "districts": "PB", "raions": "PB",
    "район": "PB",
    "hromada": "H", "community": "H", "municipality": "H", "громада": "H",
    "city": "KM", "town": "MX", "village": "C", "settlement": "X", "місто": "KM",
    "село": "C", "селище": "X", "город": "KM", "деревня": "C", "поселок": "X", "посёлок": "X",
}
_SETTLEMENT_ABBREVIATIONS = ("м", "с", "смт", "сел")
_POSSESSIVE = re.compile(r"['\u2019\u02bc]s$")
# a dash with space around it (a hyphen inside a name has none: Ivano-Frankivsk)
_SPACED_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A query ready for the matcher."""

    given: str  #: the name as the caller gave it
    text: str  #: cleaned: leaks cut, look-alikes read as Latin, a possessive dropped
    steps: tuple[Step, ...]  #: what was done, for the explanation
    leaked: bool  #: a foreign-script run was cut out of a Latin word


def prepare(name: object) -> Prepared:
    """Check and clean one place name; raises InputTypeError / InputValueError."""
    text = check_length(require_text(name, "name"))
    # (invisible marks alone, a byte order mark or a zero-width space, are no name either)
    stripped = " ".join(text.split())
    if not without_invisible(stripped):
        raise InputValueError("name is empty")
    cleaned, actions = clean_query(stripped)
    steps = [Step(a, cleaned) for a in actions]
    owner = _POSSESSIVE.sub("", cleaned)
    if owner != cleaned and len(owner) >= 3:
        # "Kyiv's", as a name-finder hands it over: no Ukrainian name ends in 's
        steps.append(Step("possessive-removed", owner))
        cleaned = owner
    return Prepared(text, cleaned, tuple(steps), "script-leak-removed" in actions)


def check_length(text: str) -> str:
    """``text``, or an InputValueError when it is too long to be one place name."""
    if len(text) > MAX_NAME_LENGTH:
        raise InputValueError(
            f"name is {len(text):,} characters long; resolve() takes one place name "
            f"(at most {MAX_NAME_LENGTH}); use find() or clean() for running text")
    return text


def split_unit_word(folded: str) -> tuple[str, str]:
    """'donetsk oblast' -> ('donetsk', 'O'); 'city of kyiv' -> ('kyiv', 'KM')."""
    words = folded.split(" ")
    if words[0] == "the" and len(words) > 3:
        words = words[1:]
    if len(words) >= 3 and words[1] == "of" and words[0] in UNIT_WORDS:
        return " ".join(words[2:]), UNIT_WORDS[words[0]]
    if len(words) >= 2 and words[0] in _SETTLEMENT_ABBREVIATIONS:
        return " ".join(words[1:]), "KMXC"
    if len(words) >= 2 and words[-1] in UNIT_WORDS:
        return " ".join(words[:-1]), UNIT_WORDS[words[-1]]
    return folded, ""


def split_location(name: object) -> tuple[object, str | None]:
    """'Bakhmut, Donetsk Oblast, Ukraine' is a name and its context, as gazetteers and event
    data write a location; a place name has no comma of its own. 'Kyiv - Desnianskyi' (a
    spaced dash) is a city's district: the name after the dash, the city its context."""
    if isinstance(name, str) and "," in name:
        head, _, rest = name.partition(",")
        if head.strip() and rest.strip():
            return head.strip(), rest.strip()
    if isinstance(name, str):
        parts = _SPACED_DASH.split(name)
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            return parts[1].strip(), parts[0].strip()
    return name, None
