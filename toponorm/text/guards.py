"""The guards against false positives in running text: an ordered registry of small named
checks with one interface. Each says which false positive it prevents and gives an example
(tests/test_guards.py checks that the example is reported without the guard and not with it).

A new guard goes here, in the stage where its evidence exists:

* ``resolved``: a span has been read and resolved on its own; a hit drops it (and the words
  in it are not tried as a shorter name).
* ``in-context``: every span of the segment is known and the context has chosen among
  namesakes; a hit drops the mention (it has served as context already).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .. import tuning
from ..geo import distance_km
from ..match.context import Bonus
from ..query.drift import drift_fold
from ..query.normalize import fold
from ..store import schema
from ..store.gazetteer import Gazetteer
from ..types import Match, Unit
from .tokens import (
    POSSESSIVE,
    Word,
    adjacent,
    asks,
    capitalised,
    ends_phrase,
    headline,
    sentence_initial,
    title_case,
)

__all__ = ["GUARDS", "Guard", "SpanView", "city_part", "names_a_city_part"]


class Reader(Protocol):
    """What a guard may ask of the text filter that reads the text."""

    people: dict[str, int]

    @property
    def gaz(self) -> Gazetteer: ...

    def names_a_city(self, word: str, min_score: float = 0.0) -> bool: ...

    def big_place(self, name: str) -> Match | None: ...

    def bonus(self, index: int, hints: frozenset[int]) -> Bonus: ...


@dataclass(slots=True)
class SpanView:
    """A span as the guards see it: the words around it, its match and the context."""

    reader: Reader
    text: str
    words: list[Word]
    first: int  #: index of the span's first word in ``words``
    last: int  #: index of its last word
    match: Match | None
    folded: str = ""
    unit_word: str = ""
    hints: frozenset[int] = field(default_factory=frozenset)

    @property
    def start(self) -> int:
        return self.words[self.first].start

    @property
    def end(self) -> int:
        return self.words[self.last].end


@dataclass(frozen=True, slots=True)
class Guard:
    name: str
    stage: str  #: "resolved" or "in-context"
    prevents: str  #: the false positive it prevents, in words
    example: tuple[str, str]  #: (a text, a span in it that must not be reported)
    check: Callable[[SpanView], bool] = field(repr=False)  #: True: not a place here


# -- word lists ----------------------------------------------------------------------------------
UNIT_WORDS = {"oblast": "O", "region": "O", "regional": "O", "province": "O", "regions": "O",
              "oblasts": "O", "districts": "P", "raions": "P",
              "raion": "P", "rayon": "P", "district": "P", "hromada": "H", "community": "H"}
_TITLES = frozenset([
    "president", "presidents", "mayor", "minister", "governor", "general", "gen", "lieutenant",
    "lt", "colonel", "col", "major", "maj", "captain", "capt", "sergeant", "sgt", "mr", "mrs",
    "ms", "miss", "dr", "sir", "lord", "lady", "dame", "spokesman", "spokeswoman",
    "spokesperson", "adviser", "advisor", "commander", "chief", "deputy", "secretary",
    "senator", "sen", "ambassador", "patriarch", "metropolitan", "pope", "king", "queen",
    "prince", "princess", "premier", "chancellor", "prosecutor", "judge", "director", "officer",
    "ombudsman", "professor", "prof", "rep", "representative", "speaker", "marshal", "admiral",
    "father", "bishop", "archbishop", "saint", "journalist", "correspondent", "analyst",
    "colleague"
])
# titles written abbreviated, with a period: "Mr. Filatov" (a full word before ". " ends a
# sentence: "met the president. Kharkiv ...")
_TITLE_PERIOD = re.compile(r"\.[ \t\u00a0\u2009\u202f]*(?:\r?\n)?[ \t\u00a0\u2009\u202f]*")
_ABBREVIATED_TITLES = frozenset(["mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt",
                                 "sgt", "sen", "prof", "rep", "gov", "pres", "supt", "cpl",
                                 "adm", "cmdr", "fr", "rev"])
_DIRECTIONS = frozenset([
    "southern", "northern", "eastern", "western", "central", "south", "north", "east", "west",
    "north-eastern", "north-western", "south-eastern", "south-western", "northeastern",
    "northwestern", "southeastern", "southwestern", "neighbouring", "neighboring", "far"
])
_FEATURES = frozenset([
    "airport", "airfield", "airbase", "base", "district", "region", "oblast", "province",
    "village", "town", "city", "area", "port", "station", "border"
])
_LEAD_IN = frozenset({"in", "near", "of", "from", "at"})
_ADJECTIVE_END = re.compile(r"(?:sk|tsk|zk|ts|ch|n)(?:a|e|yi|yy|iy|y|ii|aya|oye|oe|ia)$")
# prose in lower case right after a word ("TX was", "TX-based")
_LOWER_AFTER = re.compile(r"(?: |-)[a-z]")
_REGION_WORDS = frozenset({"region", "oblast", "province", "district", "raion", "krai"})
# "Kharkov, Russia said": a country that is the subject of a report is not where the place is
_REPORTING_VERBS = frozenset([
    "said", "says", "claimed", "claims", "announced", "announces", "reported", "reports",
    "stated", "states", "denied", "denies", "added", "adds", "confirmed", "confirms", "warned",
    "warns", "insisted", "insists", "alleged", "alleges", "accused", "accuses", "responded",
    "responds", "declared", "declares", "admitted", "admits"
])
# a name before one of these names a street (Sumska street, Andriyivskyy Descent), not the place
# after a name: what is named after the place, or bears its name, and is not the place
_NAMED_AFTER_WORDS = frozenset([
    "river", "rivers", "reservoir", "lake", "sea", "estuary", "lagoon", "canal", "bay", "gulf",
    "spit", "regiment", "battalion", "brigade",
    # things named after a place: brands, venues, bands, historical terms
    "vodka", "beer", "brewery", "restaurant", "cafe", "orchestra", "band", "cemetery",
    "palace", "stadium", "pocket", "operation", "pact", "accords", "marshes", "marsh",
    # armed groupings and design offices named after a place: "the Dnepr group of forces"
    "group", "grouping", "division", "corps", "bureau"
])
# ... or one adjective before them: "the Sicheslav airborne brigade", "Yuzhnoye design bureau"
_UNIT_NOUNS = frozenset(["brigade", "battalion", "regiment", "division", "corps", "bureau",
                         "group", "grouping"])
# before a name: a vessel, aircraft or call sign that bears it ("the gunboat Berdyansk")
_VESSEL_WORDS = frozenset([
    "ship", "vessel", "gunboat", "frigate", "corvette", "cruiser", "destroyer", "warship",
    "flagship", "submarine", "tanker", "freighter", "ferry", "icebreaker", "boat", "sign",
    "callsign"
])
# before a name: "the river Dnieper", "Lake Yalpuh", "the Sea of Azov", "Gulf of Odessa"
# ... and a treaty named after the place it was signed in: "the Treaty of Pereyaslav"
_THE_BEFORE = re.compile(r"\b[Tt]he[ \t]+$")
_AS_A_NOUN = re.compile(r"[,.;:!?)]|$|[ \t]+(?:in|is|was|and|of|at|near|flows|runs)\b")
_WATER_BEFORE = re.compile(r"\b(?:[Rr]iver|Lake|(?:Sea|Gulf|Bay|Treaty|Peace|Pact) of) $")
_STREET_WORDS = frozenset([
    "street", "st", "avenue", "ave", "boulevard", "blvd", "lane", "square", "descent",
    "embankment", "prospekt", "prospect", "alley", "vulytsia", "ulitsa", "uzviz"
])
# "in", "near"... right before a word: it is a place ("near Bar"), not a word ("Bar owners")
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|near|from|at|outside|around|towards?|of|to)[ \t]+$", re.IGNORECASE)
_SETTLEMENT_WORD = re.compile(r"[ \t]+(?:village|town|city|settlement)\b", re.IGNORECASE)
_SETTLEMENT_OF = re.compile(r"\b(?:village|town|settlement)s? of[ \t]+$", re.IGNORECASE)
# a list that a settlement word opens: "the settlements of Vysopil, Trudolibivka and ..."
_LISTED_AFTER_SETTLEMENT_WORD = re.compile(
    r"\b(?:villages|towns|settlements)(?:\s+of)?(?:[ \t,]+(?:and[ \t]+)?[A-Z][\w'\u2019-]*)*"
    r"[ \t,]+(?:and[ \t]+)?$")
#: English modal verbs: "Will", "May" open questions and wishes as often as they are names.
_MODALS = frozenset(["can", "could", "may", "might", "must", "shall", "should", "will", "would"])
# always capitalised, never a first name before a place: "on Tuesday Kurakhove was encircled"
_CALENDAR = frozenset([
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"])


# -- a person ----------------------------------------------------------------------------------
def is_person(v: SpanView) -> bool:
    """A title before it, a first name before it, or a surname after it."""
    titled = _after_title(v)
    if titled is not None:
        return titled
    return _after_first_name(v) or _first_name_before_initial(v) or _before_surname(v) \
        or _owns_what_a_person_has(v)


#: what a person has and a place has not, after a possessive: "Dzerzhinsky's statue"
_PERSONAL_THINGS = frozenset([
    "statue", "monument", "bust", "portrait", "grave", "tomb", "widow", "wife", "husband",
    "son", "daughter", "mother", "father", "memoirs", "biography", "birthday", "funeral",
    "assassination", "murder"
])
_POSSESSIVE_AFTER = re.compile(r"['\u2019\u02bc]s[ \t]+(\w+)")


def _owns_what_a_person_has(v: SpanView) -> bool:
    """"Dzherzinsky's statue": a slip (not a place's own name: "Kharkiv's monument" stays)
    whose possessive owns a statue, a grave, a widow."""
    if v.match is None or v.match.exact:
        return False
    after = _POSSESSIVE_AFTER.match(v.text, v.end)
    return after is not None and after.group(1).lower() in _PERSONAL_THINGS


def _after_title(v: SpanView) -> bool | None:
    """"Mayor Vadym Lyakh", "Mr. Filatov": a title, perhaps with given names in between.
    None when there is no title (the other tests decide)."""
    text, words, i = v.text, v.words, v.first
    common = v.reader.gaz.words.common_words()
    j = i - 1
    while j >= 0 and i - j <= 3:
        w = words[j].text
        if w.lower() in _ABBREVIATED_TITLES and \
                _TITLE_PERIOD.fullmatch(text, words[j].end, words[j + 1].start):
            return _a_person(v)
        if not adjacent(text, words, j):
            break
        if w.lower().rstrip(".") in _TITLES or w.lower() in _ABBREVIATED_TITLES:
            given = v.reader.gaz.words.given_names
            if w[0].isupper() or any(fold(words[g].text) in given for g in range(j + 1, i)):
                # ("Red commander Mykola Shchors": a given name after the title)
                return _a_person(v)
            if v.folded in given and _before_surname(v):
                return True  # "regional governor Volodymyr Artiukh": the given name itself
            # a title in lower case is an adjective as often as not ("a major Kherson
            # offensive", "the deputy Kharkiv governor"): a city's name stays a place
            return not v.reader.names_a_city(text[v.start:v.end])
        if not title_case(w) or w.lower() in common:
            break
        j -= 1
    return None


def _after_first_name(v: SpanView) -> bool:
    """"Oleksandr Senkevych", "Peter Marschall": a capitalised word before it that is a first
    name, or no common word, and not itself a place."""
    text, words, i = v.text, v.words, v.first
    if not (i > 0 and adjacent(text, words, i - 1)):
        return False
    lexicon = v.reader.gaz.words
    prev = words[i - 1].text
    f = fold(prev)
    at = words[i - 1].start
    # (an English first name that is also a word, opening a sentence: a person when the name
    # after it only resembles a place; not in a headline where every word is capitalised, nor
    # a modal opening a question: "Will Bakmut fall?")
    english_name = f in lexicon.english_given_names() and v.match is not None \
        and not v.match.exact and not (f in _MODALS and asks(text, at)) \
        and not headline(text, at, share=1.0)
    common = lexicon.common_words()
    if not (title_case(prev) and (f in lexicon.proper_nouns() or f in lexicon.given_names
                                  or f not in common) and not v.reader.names_a_city(prev)
            and f not in _CALENDAR):
        return False
    if not (f in lexicon.given_names or english_name
            or not (f in common and (sentence_initial(text, at) or headline(text, at)))):
        # a common word opening a sentence, or in a headline, is capitalised for that alone:
        # "In Kyiv", "Explosions Rock Kyiv"; the word lists also hold "In", "At" and "Rock"
        return False
    # a listed first name is a person ("Maria Giordano said"), and so is a common English
    # first name before a name that only resembles a place ("Mark Blatt said": Balta)
    if f in lexicon.given_names or english_name:
        return _a_person(v)
    return True


def _first_name_before_initial(v: SpanView) -> bool:
    """"Vladimir D. Seleznev": a first name before an initial or another capitalised word."""
    text, words, last = v.text, v.words, v.last
    return v.first == last and fold(words[last].text) in v.reader.gaz.words.given_names \
        and last + 1 < len(words) and capitalised(words[last + 1].text) \
        and text[words[last].end:words[last + 1].start] in (" ", "\n")


def _before_surname(v: SpanView) -> bool:
    """"Volodymyr Zelenskiy": a capitalised word after it that is no common or unit word."""
    text, words, last = v.text, v.words, v.last
    if not (last + 1 < len(words) and adjacent(text, words, last)):
        return False
    nxt = words[last + 1].text
    lexicon = v.reader.gaz.words
    if fold(nxt) in lexicon.given_names and v.folded not in lexicon.given_names:
        # a first name starts the person after the place: "the mayor of Mykolayiv Oleksandr
        # Senkevych"
        return False
    # (an ALL CAPS surname has 4+ letters: NPP, HPP, SBU after a place are acronyms)
    return (title_case(nxt) or (nxt.isupper() and len(nxt) > 3)) and \
        nxt.lower() not in lexicon.common_words() and \
        nxt.lower() not in UNIT_WORDS and not v.reader.names_a_city(nxt)


def _a_person(v: SpanView) -> bool:
    """True, and the surname is remembered: named bare later in the text, it is still the
    person (one sense per discourse: "Serhiy Haidai said ... Haidai added")."""
    surface = v.text[v.start:v.end]
    if not v.reader.names_a_city(surface, min_score=tuning.SAME_LETTERS_SCORE):
        # (a city's own name as a surname, Bohdan Khmelnytsky, is the city again elsewhere;
        # a surname that merely resembles one, Giordano and Horodnia, stays the person)
        v.reader.people.setdefault(fold(surface), v.start)
    return True


# -- a place abroad ----------------------------------------------------------------------------
def is_abroad(v: SpanView) -> bool:
    """"Shaikhovka airport in Russia", "Odessa, Texas", "Russia's Belgorod region", or a
    small place in a sentence set abroad."""
    return _abroad_beside(v) or _sentence_abroad(v) or _listed_with_towns_abroad(v) \
        or _hyphened_to_a_stranger(v)


def _hyphened_to_a_stranger(v: SpanView) -> bool:
    """"Dorohusk-Yagodin", "Nikolayevo-Darino": a small place or slip joined by a hyphen to a
    word no Ukrainian place bears is part of a name from elsewhere ("Kharkov-Kiev" joins two
    places; a city's exact name stays: "the Kiev-Moscow train")."""
    if not _small_or_slip(v.match):
        return False
    text, words, first, last = v.text, v.words, v.first, v.last
    known = v.reader.gaz.known_forms()
    neighbours = []
    if last + 1 < len(words) and text[words[last].end:words[last + 1].start] == "-":
        neighbours.append(words[last + 1].text)
    if first and text[words[first - 1].end:words[first].start] == "-":
        neighbours.append(words[first - 1].text)
    return any(n[0].isupper() and fold(n) not in known for n in neighbours)


def _town_abroad(v: SpanView, word: str) -> bool:
    """Is ``word`` a town abroad that no Ukrainian place bears (Grodno, Kursk; not Donetsk)?"""
    f = fold(word)
    return f in v.reader.gaz.words.places_abroad() and f not in v.reader.gaz.known_forms()


def _word_before(v: SpanView, words: frozenset[str]) -> bool:
    """Is the word right before the name (one space between) one of ``words``?"""
    first = v.first
    return bool(first) and adjacent(v.text, v.words, first - 1) \
        and v.words[first - 1].text.lower() in words


def _small_or_slip(match: Match | None) -> bool:
    """A village or settlement, or a name only a slip reaches: what a clue abroad may move
    abroad (a city's exact name stays Ukraine's: "Kharkiv and Belgorod")."""
    return match is not None and (not match.exact or match.unit.category in
                                  schema.SETTLEMENT + schema.VILLAGE)


def _listed_with_towns_abroad(v: SpanView) -> bool:
    """"political prisoners in Mogilev and Grodno": an item of a list whose neighbour is a
    town abroad that no Ukrainian place bears lies abroad too."""
    if not _small_or_slip(v.match):
        return False
    before = _LIST_ITEM_BEFORE.search(v.text, max(0, v.start - 40), v.start)
    after = _LIST_ITEM_AFTER.match(v.text, v.end)
    return any(m is not None and _town_abroad(v, m.group(g)) for m, g in ((before, 1), (after, 2)))


def _abroad_beside(v: SpanView) -> bool:
    """The words right around the name put it abroad."""
    text, words, k = v.text, v.words, v.last + 1
    countries = v.reader.gaz.words.countries()
    if k < len(words) and words[k].text.lower() in _FEATURES:
        k += 1
    sep = text[words[k - 1].end:words[k].start] if k < len(words) else ""
    if k < len(words) and sep.strip() == ",":
        # "Odessa, Texas", "Odessa, west Texas", "Odessa, in Texas"
        if words[k].text.lower() in ("a", "an", "the"):
            return _town_in(v, k, countries)
        while k < len(words) and words[k].text.lower() in _DIRECTIONS:
            k += 1
        if k < len(words) and words[k].text.lower() not in _LEAD_IN:
            return _country_at(v, k, countries)
    if k < len(words) and sep.strip() == "(":
        # "Odessa (Texas)", "Odessa (TX)"
        n = _country_words(words, k, countries) or int(
            words[k].text in v.reader.gaz.words.country_codes())
        return bool(n) and text[words[k + n - 1].end:words[k + n - 1].end + 1] == ")"
    if k < len(words) and words[k].text.lower() in _LEAD_IN:
        k += 1
        while k < len(words) and words[k].text.lower() in _DIRECTIONS | {"the"}:
            k += 1
        return _country_at(v, k, countries)
    return _country_possessive_before(v, countries)


# the sentence's own frame abroad: "In Russia's Kursk region, ...", "In Belarus, ...", or
# "Russia's Belgorod region" anywhere in it
_REGION_OF_COUNTRY = re.compile(
    r"\b([A-Z][a-z]+)['\u2019]s[ \t]+(?:[A-Z][\w-]+[ \t]+){1,2}"
    r"(?:region|oblast|province|krai|republic|district)\b")
_REGION_ABROAD = re.compile(
    r"\b([A-Z][a-z]+)[ \t]+(?:governor|region|oblast|regional|province|krai)\b")
_OPENS_IN = re.compile(r"[\W\d]*In[ \t]+([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]*,")
_SENTENCE_BREAK = re.compile(r"[.!?][\s\"'\u201d\u2019]+(?=[A-Z\u201c\"'])|\n")
#: characters either side of a span searched for its sentence's bounds
_SENTENCE_REACH = 300


def _sentence_abroad(v: SpanView) -> bool:
    """A village or settlement, or any name only a slip reaches, in a sentence set abroad:
    "In Russia's Kursk region, troops took Martynovka and Sudzha" (no Ukrainian village,
    nor Sudak), "the governor of Russia's Belgorod region said Grayvoron was shelled",
    "Kursk governor X said troops left Olgovka" (a region named after a town abroad). A
    city's exact name stays Ukraine's ("In Russia, officials said Kharkiv ...")."""
    if not _small_or_slip(v.match):
        return False
    text = v.text
    lo = max(0, v.start - _SENTENCE_REACH)
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, v.start)]
    lo = starts[-1] if starts else lo
    end = _SENTENCE_BREAK.search(text, v.end, min(len(text), v.end + _SENTENCE_REACH))
    hi = end.start() if end else min(len(text), v.end + _SENTENCE_REACH)
    countries = v.reader.gaz.words.countries()
    framed = [m.group(1) for m in _REGION_OF_COUNTRY.finditer(text, lo, hi)]
    opener = _OPENS_IN.match(text, lo, hi)
    if opener:
        framed.append(opener.group(1))
    if any(c.lower() in countries and c.lower() != "ukraine" for c in framed):
        return True
    # "Kursk governor Alexei Smirnov said ...", "in the Bryansk region": a region abroad
    # named after a town that no Ukrainian place bears
    return any(_town_abroad(v, m.group(1)) for m in _REGION_ABROAD.finditer(text, lo, hi))


def _town_in(v: SpanView, k: int, countries: frozenset[str]) -> bool:
    """"Grayvoron, a border town in Russia" (an adjective or two may come first: "a small
    border town in")."""
    words = v.words
    for n in range(k + 1, min(k + 5, len(words) - 1)):
        if words[n].text.lower() in _FEATURES and words[n + 1].text == "in":
            return _apposition_abroad(v, n + 2, countries)
    return False


def _country_possessive_before(v: SpanView, countries: frozenset[str]) -> bool:
    """"Russia's Belgorod region"."""
    text, words, i = v.text, v.words, v.first
    if i > 0 and text[words[i - 1].end:words[i].start] in (" ", "'s ", "\u2019s "):
        prev = POSSESSIVE.sub("", text[words[i - 1].start:words[i].start].rstrip())
        if prev != text[words[i - 1].start:words[i - 1].end] or \
                text[words[i - 1].end:words[i].start] != " ":
            return " ".join(prev.lower().split()) in countries
    return False


def _apposition_abroad(v: SpanView, k: int, countries: frozenset[str]) -> bool:
    """After "X, a town in": is the rest a country that ends the phrase? Not "Russia's grip",
    "Russia-held Donetsk" (Ukraine's), and "near Russia" is never taken here."""
    words = v.words
    while k < len(words) and words[k].text.lower() in _DIRECTIONS | {"the"}:
        k += 1
    n = _country_words(words, k, countries)
    return bool(n) and ends_phrase(v.text, words[k + n - 1].end)


def _country_words(words: list[Word], k: int, countries: frozenset[str]) -> int:
    """How many words from ``k`` name a country or US state (at most three), 0 if none."""
    return next((n for n in (3, 2, 1) if k + n <= len(words)
                 and " ".join(w.text.lower() for w in words[k:k + n]) in countries), 0)


def _country_at(v: SpanView, k: int, countries: frozenset[str]) -> bool:
    text, words, lexicon = v.text, v.words, v.reader.gaz.words
    if k >= len(words):
        return False
    code = words[k]
    if code.text in lexicon.country_codes() and not words[k - 1].text.isupper() and (
            ends_phrase(text, code.end) or _LOWER_AFTER.match(text, code.end)):
        # "Odessa, TX", "Odessa, TX was quiet", "an Odessa, TX-based firm": a code in capitals
        # that ends the phrase or runs into lower-case prose; in a headline in capitals
        # ("KHARKOV, AND ODESSA", "KHARKOV, MAR 3") it is a word
        return True
    n = _country_words(words, k, countries)
    if n:
        # "Kharkov, Russia said": the country speaks, the place is Ukraine's
        after = words[k + n] if k + n < len(words) else None
        return not (after is not None and after.text in _REPORTING_VERBS
                    and text[words[k + n - 1].end:after.start] == " ")
    # "Shebekino, Belgorod region", "in Kursk oblast": a region named after a town abroad that
    # no Ukrainian place bears (Donetsk region is Ukraine's)
    # (a town of two words too: "Dzerzhinsk, Nizhny Novgorod region")
    return any(k + n < len(words) and words[k + n].text.lower() in _REGION_WORDS
               and _town_abroad(v, " ".join(w.text for w in words[k:k + n])) for n in (1, 2))


# -- a street ------------------------------------------------------------------------------------
def names_a_street(v: SpanView) -> bool:
    """"Sumska street", "Andriyivskyy Descent", "Kharkov Street": a street word in capitals,
    or after an adjective; "a Kharkov street", "Kiev street art" are the city's streets."""
    text, words, last = v.text, v.words, v.last
    if last + 1 >= len(words) or text[words[last].end:words[last + 1].start] != " ":
        return False
    street = words[last + 1].text
    return street.lower() in _STREET_WORDS and (
        street[0].isupper() or _ADJECTIVE_END.search(fold(words[last].text)) is not None)


# -- a river, a sea, a military unit named after a place -----------------------------------
def names_water_or_unit(v: SpanView) -> bool:
    """"the Kalmius river", "Kakhovka reservoir", "the Sea of Azov", "Lake Yalpuh", "the Azov
    regiment", "the gunboat Berdyansk", "Lychakiv cemetery", "the Korsun pocket": a river,
    lake, sea, armed unit, vessel, venue, brand or historical term that bears or resembles a
    place's name is not the place (its text is left as written)."""
    text, words, last = v.text, v.words, v.last
    if adjacent(text, words, last) and (
            words[last + 1].text.lower() in _NAMED_AFTER_WORDS
            or (words[last + 1].text.islower() and adjacent(text, words, last + 1)
                and words[last + 2].text.lower() in _UNIT_NOUNS)):
        return True
    if _word_before(v, _VESSEL_WORDS):
        return True
    if _WATER_BEFORE.search(text, max(0, v.start - 12), v.start) is not None:
        return True
    # "the Kalmius in occupied Donbas": English puts "the" before rivers, marshes, units and
    # ships, not towns; so a name only a slip reaches, after it and standing as a noun, is no
    # town ("the Bakmut-Lisichansk road", "the Bakmut sector" use the town's name)
    return v.match is not None and not v.match.exact and v.match.unit.category in \
        schema.SETTLEMENTS and _THE_BEFORE.search(text, max(0, v.start - 5), v.start) \
        is not None and _AS_A_NOUN.match(text, v.end) is not None


# -- an organisation ---------------------------------------------------------------------------
#: Nouns that name what follows them as an organisation: "the company Energoatom", "operator
#: Ukrenergo". (Not "group": "the Wagner group" puts it after; "battalion" and kin are
#: _NAMED_AFTER_WORDS.)
_ORGANISATION_WORDS = frozenset([
    "company", "companies", "operator", "firm", "concern", "corporation", "conglomerate",
    "holding", "enterprise", "manufacturer", "maker", "producer", "supplier", "utility",
    "lender", "insurer", "broadcaster", "channel", "newspaper", "magazine", "outlet",
    "agency", "airline", "carrier", "brand", "startup", "monopoly", "provider", "retailer",
    "exporter", "importer", "giant", "club", "fc"
])


def names_an_organisation(v: SpanView) -> bool:
    """"the company Energoatom", "Energoatom said": an organisation word right before the name
    makes it the organisation's; and a name the matcher only reaches by a garble (no known
    form) that speaks ("X said", "X reported") is a speaker, a company or a person, unless
    a preposition puts it in place ("the mayor of X said"): places speak for their
    authorities under names news writes (Kyiv, Kiev), not under slips of them."""
    text, words, last = v.text, v.words, v.last
    if _word_before(v, _ORGANISATION_WORDS):
        return True
    if v.match is None or v.match.exact or not adjacent(text, words, last):
        return False
    return words[last + 1].text.lower() in _REPORTING_VERBS \
        and not _place_preposition_before(v)


# -- a village's word beside a city ----------------------------------------------------------
_VILLAGE_BEFORE = re.compile(r"\b[Vv]illage(?:[ \t]+of)?[ \t]+$")
_VILLAGE_AFTER = re.compile(r"[ \t]+village\b", re.IGNORECASE)


def village_called_a_city(v: SpanView) -> bool:
    """"the village Motichyn", "Motichyn village": a slip that reaches only a city is not the
    village the text speaks of (a city's exact name stays: "the village of Kyiv region" is
    never read so, and an exact name is evidence enough)."""
    match = v.match
    if match is None or match.exact or match.unit.category not in schema.CITIES:
        return False
    return bool(_VILLAGE_BEFORE.search(v.text, max(0, v.start - 16), v.start)
                or _VILLAGE_AFTER.match(v.text, v.end))


# -- signs that a place is meant ---------------------------------------------------------------
def _settlement_word_near(v: SpanView) -> bool:
    """"Side village", "the village of Novopokrovka"."""
    return bool(_SETTLEMENT_WORD.match(v.text, v.end)
                or _SETTLEMENT_OF.search(v.text, max(0, v.start - 16), v.start))


def _place_preposition_before(v: SpanView) -> bool:
    """"near Bar", "in Side"."""
    return bool(_PLACE_PREPOSITION.search(v.text, max(0, v.start - 12), v.start))


# -- a plain English word --------------------------------------------------------------------
def is_plain_word(v: SpanView) -> bool:
    """Is this an ordinary English word that only happens to be a place's name ("Side
    effects", "Mars missions", "Odesa Port")? Capitals prove nothing at the start of a
    sentence or in a headline, so such a word counts as a place only with evidence: a unit
    or settlement word ("Side village"), a preposition of place before it ("near Bar"), a
    city beside it in a list ("Zhovkva and Pole"), or the text naming a place in the same
    raion or nearby. A village or settlement named
    like a town abroad (Samara, Orel) needs a settlement word ("Samara village", "the
    village of Samara"), a unit the text names that holds it, or a place nearby."""
    match, gaz = v.match, v.reader.gaz
    if match is None or v.unit_word:
        return False
    abroad = match.unit.category in schema.SETTLEMENT + schema.VILLAGE \
        and v.folded in gaz.words.places_abroad()
    if not abroad and (" " in v.folded or v.folded not in gaz.words.common_words()):
        return False
    if _settlement_word_near(v) or (not abroad and (_place_preposition_before(v)
                                                     or _listed_with_cities(v))):
        # ("from Samara" is no evidence for the village Samara: the town abroad is likelier;
        # "the village of Novopokrovka" is)
        return False
    index = gaz.index_of(match.id)
    if abroad and index is not None and v.hints & set(gaz.parent_indexes(index)):
        return False  # "Novopokrovka, Zaporizhzhia Oblast": inside a unit the text names
    # (the word itself, named again, is no evidence)
    points = v.reader.bonus(index, v.hints - {index})[0] if index is not None else 0.0
    return points < tuning.NEARBY_POINTS


# -- a military direction ----------------------------------------------------------------
_DIRECTION_WORDS = frozenset({"direction", "directions", "axis", "axes", "front", "sector"})


def names_a_direction(v: SpanView) -> bool:
    """"the Slobozhanskyi direction", "Sloviansk axis": an adjective of a front or a region
    that only resembles a settlement's name is the front, not the settlement (an exact name,
    "the Bakhmut direction", stays the town it is named after)."""
    text, words, last = v.text, v.words, v.last
    if v.match is None or v.match.exact or last + 1 >= len(words) \
            or text[words[last].end:words[last + 1].start] not in (" ", "-"):
        return False
    return words[last + 1].text.lower() in _DIRECTION_WORDS


# -- weak evidence for a small place ----------------------------------------------------------
#: Sources that write a name the way English news does: the official form, the common
#: Ukrainian systems, and every Russian one (news wrote Russian forms for decades); not the
#: scholarly and foreign ones (ISO 9, GOST, German, French, ...) nor GeoNames alternates alone.
_NEWS_FORMS = frozenset({"official", "official-cyrillic", "short-name",
                         "uk:UkrainianNational1996", "uk:UkrainianBGN", "uk:UkrainianBritish",
                         "uk:UkrainianPassport2007", "uk:UkrainianPassport2004Alt",
                         "uk:UkrainianSimple"})


def weak_evidence(v: SpanView) -> bool:
    """A village, settlement or city district that only a fuzzy match or a rare romanisation
    (not a form news writes: ``_NEWS_FORMS``) points to needs a sign that a place is meant:
    surnames, outlets and demonyms are each a slip from one of 28,000 small places. Signs: a
    unit or settlement word, a preposition of place before it, a settlement word opening the
    list it stands in, or a place the text names in the same raion or nearby."""
    match, gaz, text = v.match, v.reader.gaz, v.text
    if match is None or v.unit_word:
        return False
    if match.unit.category not in schema.SETTLEMENT + schema.VILLAGE + schema.CITY_DISTRICT:
        return False
    if match.exact and any(t in _NEWS_FORMS or t.startswith("ru:") for t in match.sources):
        return False
    if _settlement_word_near(v) or _place_preposition_before(v) or \
            _LISTED_AFTER_SETTLEMENT_WORD.search(text, max(0, v.start - 120), v.start) or \
            _listed_with_cities(v):
        return False
    index = gaz.index_of(match.id)
    if index is None:
        return False
    points, _, named = v.reader.bonus(index, v.hints)
    if named:
        return False
    return points < tuning.NEARBY_POINTS or _tie_by_chance(gaz, index, v.hints, points)


_LIST_ITEM_BEFORE = re.compile(r"([A-Z][\w'\u2019-]*)(,[ \t]*|[ \t]+and[ \t]+)$")
_LIST_ITEM_AFTER = re.compile(r"(,[ \t]*|[ \t]+and[ \t]+)([A-Z][\w'\u2019-]*)")


def _listed_with_cities(v: SpanView) -> bool:
    """"Kramatorsk, Otradoye and Sloviansk": an item of a list whose neighbour is a city, an
    oblast or a raion is a place too. One separator alone is no list ("Kyiv, Andrienka
    said"): a neighbour after a comma counts only if the list goes on past the span."""
    # (garbled or not: the neighbour must count the same once the text is cleaned)
    before = _LIST_ITEM_BEFORE.search(v.text, max(0, v.start - 40), v.start)
    after = _LIST_ITEM_AFTER.match(v.text, v.end)
    if before and (after or "and" in before.group(2)) \
            and v.reader.names_a_city(before.group(1)):
        return True
    return bool(after and (before or "and" in after.group(1))
                and v.reader.names_a_city(after.group(2)))


def _tie_by_chance(gaz: Gazetteer, index: int, hints: frozenset[int], points: float) -> bool:
    """Would chance alone often give a tie this close? With 75 villages named Andriivka and a
    text naming Poltava, one of them lies in Poltava's raion whatever the text meant (the
    surname Andrienka); a namesake-rich place the text names vouches as weakly."""
    level = schema.HROMADA if points >= tuning.INSIDE_HROMADA_POINTS else schema.RAION
    expected = gaz.namesakes(index) * sum(gaz.namesakes(h) for h in hints) / gaz.count(level)
    return expected > tuning.CHANCE_TIE_MAX


# -- a place inside another the text names ------------------------------------------------------
_LOCATING = frozenset({"in", "near", "outside"})
_PLACE_PARTS = frozenset({"metro", "station", "district", "neighbourhood", "neighborhood",
                          "microdistrict", "quarter", "area", "suburb", "village", "town"})


def located_elsewhere(v: SpanView) -> bool:
    """"X in Kyiv", "X metro station in Kyiv": a name the text puts in a city or oblast it
    names is not a namesake or look-alike far from there (a neighbourhood the codifier does
    not list, read as a town at the other end of the country). Only fuzzy matches: an exact
    name is itself evidence."""
    match, words, text = v.match, v.words, v.text
    if match is None or match.exact:
        return False
    k = v.last + 1
    while k < len(words) and k - v.last <= 3 and words[k].text.lower() in _PLACE_PARTS:
        k += 1
    if k + 1 >= len(words) or words[k].text.lower() not in _LOCATING or \
            text[words[k - 1].end:words[k].start] != " ":
        return False
    place = v.reader.big_place(words[k + 1].text)
    if place is None and k + 2 < len(words):
        place = v.reader.big_place(f"{words[k + 1].text} {words[k + 2].text}")
    return place is not None and not _around(match, place.unit)


def _around(match: Match, where: Unit) -> bool:
    """Does the matched unit lie in the place's oblast, or the oblast named after it (Kyiv
    and Kyiv Oblast), or within ``tuning.LOCATED_KM`` of it?"""
    unit = match.unit
    oblast = where.id if where.category == schema.OBLAST else where.oblast_id
    if unit.oblast_id in (oblast, where.id) or unit.id == where.id or (
            unit.oblast is not None and unit.oblast.short == where.name):
        return True
    if unit.lat is not None and unit.lon is not None and where.lat is not None \
            and where.lon is not None:
        return distance_km((unit.lat, unit.lon), (where.lat, where.lon)) <= tuning.LOCATED_KM
    return False


# -- a part of a city ---------------------------------------------------------------------
def names_a_city_part(v: SpanView) -> bool:
    """"an apartment block in Poznyaki", "Obolon" in a text about Kyiv: a neighbourhood of
    Kyiv or Sevastopol (no unit of the codifier) read as a village elsewhere. It is the
    neighbourhood when the match is fuzzy, or when the text names the city; a unit around
    the city itself (Vyshneve beside Kyiv) or a city's district (a unit, chosen by the city
    named beside it) stays what it is."""
    match, gaz = v.match, v.reader.gaz
    part = city_part(v)
    if match is None or part is None:
        return False
    city = part[0]
    if gaz.unit_id(city) == match.id or match.unit.category == schema.CITY_DISTRICT \
            or _around(match, gaz.unit(city)):
        return False
    return not match.exact or city in v.hints


def city_part(v: SpanView) -> tuple[int, str] | None:
    """The city (its index) of which the span names a part, and the part's name; None when it
    names none. Looked up by the drift-folded spelling (Poznyaky reads as Pozniaky)."""
    gaz = v.reader.gaz
    part = gaz.words.city_parts().get(drift_fold(v.folded.replace(" ", "")))
    if part is None:
        return None
    city = gaz.index_of(part[0])
    return None if city is None else (city, part[1])


# -- a raion of before 2020 ------------------------------------------------------------------
_CURRENT_SOURCES = frozenset({"official", "official-cyrillic", "short-name"})


def names_a_merged_raion(v: SpanView) -> bool:
    """A raion the 2020 reform merged into a bigger one, named by its own old name: resolve()
    answers the raion that took it over, but text about it is about a smaller, older unit,
    which no name of today's raion renders."""
    match = v.match
    return (match is not None and match.unit.category == schema.RAION
            and not _CURRENT_SOURCES.intersection(match.sources))


#: The guards, in the order they run.
GUARDS: tuple[Guard, ...] = (
    Guard("person", "resolved",
          "a person's name read as a place: a title or first name before it, a surname after",
          ("President Volodymyr Zelenskiy spoke in Kyiv.", "Volodymyr"), is_person),
    Guard("abroad", "resolved",
          "a place abroad that a Ukrainian place is named like ('Odessa, Texas', "
          "'... airport in Russia')",
          ("Floods hit Odessa, Texas, while Kyiv was shelled.", "Odessa"), is_abroad),
    Guard("street", "resolved",
          "a street named after a place read as the place ('Sumska street', 'Kharkiv Street')",
          ("Shelling hit Kyiv. A shell fell on Poltavska Street.", "Poltavska"), names_a_street),
    Guard("water-or-unit", "resolved",
          "a river, reservoir, sea or armed unit named like a place read as the place ('the "
          "Kalmius river', 'the Sea of Azov', 'the Azov regiment')",
          ("Shelling in Donetsk. Troops crossed the Kalmius river at dawn.", "Kalmius"),
          names_water_or_unit),
    Guard("organisation", "resolved",
          "a company or outlet read as a place: an organisation word before it ('the company "
          "Energoatom'), or a slip of a place's name as the speaker of a report",
          ("Shelling hit Enerhodar. The operator Energoatom cut the lines.", "Energoatom"),
          names_an_organisation),
    Guard("village-not-city", "resolved",
          "a slip of a village's name read as a city the text says it is not ('the village "
          "Motichyn' as Morshyn)",
          ("Shelling in Kyiv region. Motichyn village was hit.", "Motichyn"),
          village_called_a_city),
    Guard("direction", "resolved",
          "a front or axis named by an adjective read as a settlement ('the Slobozhansky "
          "direction')",
          ("Shelling in Kharkiv. Fighting on the Slobozhansky direction went on.",
           "Slobozhansky"), names_a_direction),
    Guard("merged-raion", "resolved",
          "a raion abolished in 2020 rewritten as the raion that took it over ('Mariinskyi "
          "raion' of 2019 is not today's Pokrovskyi raion)",
          ("In 2019 the Mariinskyi raion council met in Kurakhove.", "Mariinskyi"),
          names_a_merged_raion),
    Guard("located-elsewhere", "resolved",
          "a neighbourhood or look-alike the text puts in a city, read as a town elsewhere "
          "(a Kyiv neighbourhood sent to a town in Lviv oblast)",
          ("Shelling hit Kyiv. Residents of Drohobich in Kyiv left.", "Drohobich"),
          located_elsewhere),
    Guard("city-part", "in-context",
          "a neighbourhood of Kyiv or Sevastopol read as a village of its name elsewhere "
          "('Obolon' in a text about Kyiv is not the village in Poltava oblast)",
          ("Shelling hit Kyiv. A missile fell on Obolon at night.", "Obolon"),
          names_a_city_part),
    Guard("plain-word", "in-context",
          "an English word that is also a village's name, with no evidence it is the village "
          "('Side effects' in a text about Ukraine)",
          ("Kyiv, Ukraine. Side effects of the war are felt everywhere.", "Side"),
          is_plain_word),
    Guard("weak-evidence", "in-context",
          "a person, outlet or demonym one slip from a village or settlement, with nothing in "
          "the text saying a place is meant",
          ("Shelling hit Kharkiv. Haidai wrote about it on Telegram.", "Haidai"),
          weak_evidence),
)
