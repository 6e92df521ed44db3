"""Stage 5: running text. Find the Ukrainian place names in English text and rewrite them.

Only capitalised words (or ALL CAPS ones) can start a name, and every distinct name is resolved
once per process (an LRU cache), so the cost is a regex scan plus a dictionary look-up for most
words. A name is left alone when the text says it is something else: a person (a title before
it, a surname after it), a place abroad ("... airport in Russia", "..., Texas"), or part of a
fixed expression (chicken Kiev). The output differs from the input only inside reported spans.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from .errors import InputTypeError, require_cutoff, require_text
from .gazetteer import Gazetteer, get_gazetteer
from .normalize import INVISIBLE, fold, without_invisible
from .resolver import Ranked, analyse, context_bonus, decide
from .scoring import CUTOFF
from .translit import has_cyrillic
from .types import CleanResult, Edit, Match, Mention

__all__ = ["SEGMENT", "TextFilter", "clean", "clean_with_edits", "find", "segments"]

# A word: letters and combining marks (a script leak keeps its marks), with inner apostrophes.
# The stdlib engine is several times faster than `regex` here; it has no \p{M}, so the mark
# blocks are named: combining diacritics, and the whole blocks of the scripts whose vowel signs
# are marks (Hebrew, Arabic, the Indic scripts, Thai).
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
          "\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
          "\ufe20-\ufe2f")
# (superscript and subscript digits are \w but no letters: "Kharkov²" has a footnote)
_LETTER = f"(?:[^\\W\\d_\u00b2\u00b3\u00b9\u2070-\u209f]|[{_MARKS}])"
# (an invisible mark between letters is inside the word: Vin<soft hyphen>nytsia is one word)
_WORD = re.compile(f"{_LETTER}+(?:['\u2019\u02bc{INVISIBLE}]+{_LETTER}+)*")
_POSSESSIVE = re.compile(r"['\u2019\u02bc]s$")
_SRC_SEPARATORS = re.compile("([ \\-\n\r\u00a0\u2010\u2011]+)")
_DST_SEPARATORS = re.compile("([ \\-]+)")
# what may join the words of one name: a space, a hyphen, or one line break
# (a hyphen at a line break joins the halves of a hyphenated name: "Ivano-\nFrankivsk"; an en
# dash is a mistyped hyphen between capitalised words: "Ivano–Frankivsk")
_JOINERS = {" ", "\u00a0", "-", "\n", "\r\n", "\u2010", "\u2011", "\u2013", "-\n", "-\r\n",
            "\u2010\n", "\u2010\r\n"}

_UNIT_WORDS = {"oblast": "O", "region": "O", "regional": "O", "province": "O", "regions": "O",
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
_REGION_WORDS = frozenset({"region", "oblast", "province", "district", "raion", "krai"})
# "Kharkov, Russia said": a country that is the subject of a report is not where the place is
_REPORTING_VERBS = frozenset([
    "said", "says", "claimed", "claims", "announced", "announces", "reported", "reports",
    "stated", "states", "denied", "denies", "added", "adds", "confirmed", "confirms", "warned",
    "warns", "insisted", "insists", "alleged", "alleges", "accused", "accuses", "responded",
    "responds", "declared", "declares", "admitted", "admits"
])
# a name before one of these names a street (Sumska street, Andriyivskyy Descent), not the place
_STREET_WORDS = frozenset([
    "street", "st", "avenue", "ave", "boulevard", "blvd", "lane", "square", "descent",
    "embankment", "prospekt", "prospect", "alley", "vulytsia", "ulitsa", "uzviz"
])
# "in", "near"... right before a word: it is a place ("near Bar"), not a word ("Bar owners")
_PLACE_PREPOSITION = re.compile(
    r"\b(?:in|near|from|at|outside|around|towards?|of|to)[ \t]+$", re.IGNORECASE)
_SETTLEMENT_WORD = re.compile(r"[ \t]+(?:village|town|city|settlement)\b", re.IGNORECASE)
_SETTLEMENT_OF = re.compile(r"\b(?:village|town|settlement)s? of[ \t]+$", re.IGNORECASE)
#: context points (the same raion, or within 10 km) that make a place of a common word
_NEARBY_POINTS = 6.0
#: English modal verbs: "Will", "May" open questions and wishes as often as they are names.
_MODALS = frozenset(["can", "could", "may", "might", "must", "shall", "should", "will", "would"])
# always capitalised, never a first name before a place: "on Tuesday Kurakhove was encircled"
_CALENDAR = frozenset([
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"])
MAX_WORDS = 3
#: Matches at least this good are context for the rest of the text.
STRONG_SCORE = 90.0


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    text: str  # without a possessive 's


# a word that starts with a capital letter (not inside another word)
# (an emoji's variation selector is a mark, but no part of a word: "⚡️Kharkov")
_CAPITALISED = regex.compile(
    r"(?<![\p{L}'\u2019\u02bc])(?:(?<=[\ufe00-\ufe0f])|(?<!\p{M}))\p{Lu}")
# how much text around a capitalised word is read for its context
_BEFORE, _AFTER = 32, 72


def _words_around(text: str, start: int) -> tuple[list[_Word], int]:
    """The words of a window around ``start`` (absolute offsets) and the index of the word
    that starts there. The window begins at a space, so its first word is whole."""
    lo = max(0, start - _BEFORE)
    if lo:
        # (the search back is bounded: a long line without spaces must not make the filter
        # quadratic)
        space = text.rfind(" ", max(0, lo - _BEFORE), lo)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), start + _AFTER)
    words: list[_Word] = []
    index = -1
    for m in _WORD.finditer(text, lo, hi):
        w = m.group()
        b, end = m.span()
        if b == lo and lo and text[lo - 1].isalnum():
            continue  # the window cut this word: only whole words are read
        if w[-1] == "s" and len(w) > 3 and w[-2] in "'\u2019\u02bc":
            end -= 2  # a possessive stays outside the name
            w = w[:-2]
        if b == start:
            index = len(words)
        words.append(_Word(b, end, w))
    return words, index


# In Cyrillic prose only a city, oblast, raion or hromada is reported, and only by its official
# or attested Cyrillic name: village names there are common words (Поле, Степ, Сад), and a
# rebuilt Russian name is a guess
_PROSE_KINDS = frozenset("KMOPH")
_ATTESTED_CYRILLIC = frozenset({"official-cyrillic", "former-name-cyrillic",
                                "russian-name:geonames", "short-name"})


def _cyrillic_around(words: list[_Word], first: int, last: int) -> bool:
    """Are most words around the span Cyrillic (it is in Ukrainian or Russian prose, not a
    name left in Cyrillic inside English text)?"""
    near = words[:first] + words[last + 1:]
    return sum(has_cyrillic(w.text) for w in near) * 2 > len(near)


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(ranges, (pos, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _delimiter(text: str, pos: int) -> bool:
    """Is text[pos] the edge of the text, white space or ordinary punctuation?"""
    if pos < 0 or pos >= len(text):
        return True
    c = text[pos]
    if c.isspace() or (c.isascii() and not c.isalnum() and c.isprintable()):
        return True
    # typographic quotes, dashes, no-break spaces; invisible marks (a byte order mark before a
    # file's first word, direction marks), footnote numbers (Kharkov²) and symbols (Kiev🇺🇦),
    # but not the replacement character that undecodable bytes become
    cat = unicodedata.category(c)
    return cat[0] in "PZ" or cat in ("Cf", "No") or (cat[0] == "S" and c != "\ufffd") \
        or "\ufe00" <= c <= "\ufe0f"


# a token (text between white space) that is an address, not prose: a URL, e-mail, path, file
# name, hashtag or handle ("wiki/Kiev", "Odessa_2022.csv", "#Kharkov"): its bytes must not change
_CODE_TOKEN = re.compile(r"://|@|www\.|[\\_=#]|\.[a-z]{2,}")
# one slash between two words is prose ("the Kharkiv/Kyiv route"); more, or at an end, a path
_PROSE_SLASH = re.compile(r"\W*\w[^/]*/\w[^/]*")


def _in_code_token(text: str, start: int, end: int) -> bool:
    lo, hi = start, end
    while lo > 0 and not text[lo - 1].isspace() and start - lo < 200:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < 200:
        hi += 1
    if _CODE_TOKEN.search(text, lo, hi) is not None:
        return True
    return "/" in text[lo:hi] and _PROSE_SLASH.fullmatch(text, lo, hi) is None


def _glosses(text: str, found: list[tuple[_Span, Match]]) -> set[int]:
    """Mentions that keep their spelling because the text glosses one name of a place with
    another in brackets: "Artemovsk (Bakhmut)", "Bakhmut (Artemivsk)". Rewritten, the author's
    gloss would read "Bakhmut (Bakhmut)". The bracketed one keeps its text; the first does too
    when the bracketed one is already canonical."""
    kept: set[int] = set()
    for k in range(len(found) - 1):
        (a, ma), (b, mb) = found[k], found[k + 1]
        if ma.id != mb.id or text[a.end:b.start] not in ("(", " (") \
                or text[b.end:b.end + 1] != ")":
            continue
        kept.add(k + 1)
        if fold(text[b.start:b.end]) == fold(mb.name):
            kept.add(k)
    return kept


def _separator(src: str, dst: str) -> str:
    """The separator a rewrite writes between two words of a name: the official one, but a
    line break stays, and so does a no-break space where the name has a space."""
    if "\n" in src or "\r" in src:
        return src
    return "\u00a0" if dst == " " and "\u00a0" in src else dst


def _repeats_before(text: str, start: int, surface: str, name: str) -> bool:
    """Does the text before ``start`` end with the words ``name`` has before ``surface``'s?"""
    dst = _DST_SEPARATORS.split(name)[::2]
    extra = dst[:len(dst) - len(_SRC_SEPARATORS.split(surface)[::2])]
    if not extra:
        return False
    before = _WORD.findall(text, max(0, start - 16 * len(extra) - 24), start)[-len(extra):]
    return [fold(w) for w in before] == [fold(w) for w in extra]


def _sentence_initial(text: str, pos: int) -> bool:
    """Does the word at ``pos`` open the text, a line or a sentence (after quotes or brackets)?"""
    k = pos - 1
    while k >= 0 and (text[k] in " \t\"'\u201c\u2018\u00ab([" or text[k] in INVISIBLE):
        k -= 1
    return k < 0 or text[k] in ".!?:;\n\r\u2026"


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _headline(text: str, pos: int, share: float = 0.8) -> bool:
    """Is the line around ``pos`` in headline case (nearly every word of 4+ letters
    capitalised: "Explosions Rock Kyiv, Lviv And Dnipro")? ``share``: how many must be."""
    lo, hi = max(0, pos - 200), min(len(text), pos + 200)
    start = text.rfind("\n", lo, pos) + 1 or lo
    end = text.find("\n", pos, hi)
    end = hi if end < 0 else end
    words = _LONG_WORD.findall(text, start, end)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= share * len(words)


def _asks(text: str, pos: int) -> bool:
    """Does the sentence from ``pos`` end in a question mark?"""
    m = _SENTENCE_END.search(text, pos, min(len(text), pos + 300))
    return m is not None and m.group() == "?"


_SENTENCE_END = re.compile(r"[.!?\n]")


def _capitalised(w: str) -> bool:
    return w[:1].isupper()


def _title_case(w: str) -> bool:
    return len(w) > 1 and w[0].isupper() and w[1:].islower()


@lru_cache(maxsize=1 << 13)
def _analyse_cached(name: str, score_cutoff: float = CUTOFF
                    ) -> tuple[Match | None, tuple[Ranked, ...], str]:
    """Context-free resolution of one span, cached: repeated names cost nothing. Only the
    candidates context could still choose (close to the best) are kept, so that a corpus of
    many distinct capitalised words does not fill the memory."""
    match, ranked, folded = analyse(name, score_cutoff)
    if ranked:
        floor = ranked[0].rank - 30.0
        ranked = [r for r in ranked if r.rank >= floor][:80]
    return match, tuple(ranked), folded


@dataclass(slots=True)
class _Span:
    first: int  # index of the first word
    last: int  # index of the last word
    start: int
    end: int
    name: str  # the query given to the resolver (name plus unit word)
    unit_word: str
    match: Match | None
    ranked: tuple[Ranked, ...]
    folded: str
    rewrite: bool = True  # False: reported, but the text keeps its own spelling


def _ends_phrase(text: str, end: int) -> bool:
    """Does a phrase end at ``end`` (the text's end or a punctuation mark)?"""
    return end >= len(text) or text[end] in ",.;:)!?\n\r"


def _country_words(words: list[_Word], k: int, countries: frozenset[str]) -> int:
    """How many words from ``k`` name a country or US state (at most three), 0 if none."""
    return next((n for n in (3, 2, 1) if k + n <= len(words)
                 and " ".join(w.text.lower() for w in words[k:k + n]) in countries), 0)


class TextFilter:
    """Finds and rewrites place names. Keep one per document stream to carry context across
    chunks (the CLI does); the functions ``find`` and ``clean`` make a fresh one per call."""

    def __init__(self, *, score_cutoff: float = CUTOFF, about_ukraine: bool | None = None
                 ) -> None:
        self.score_cutoff = require_cutoff(score_cutoff)
        if about_ukraine not in (None, True, False):
            raise InputTypeError(
                f"about_ukraine must be True, False or None, not {about_ukraine!r}")
        #: None: decide from the text (it mentions Ukraine, or names a city outright); True:
        #: the caller knows it is about Ukraine; False: only close matches to cities count
        self.about_ukraine = about_ukraine
        self._gaz: Gazetteer | None = None
        self._fixed_re: re.Pattern[str] | None = None
        #: units confidently named so far in this stream (for context), most recent last
        self.seen: dict[int, int] = {}
        #: folded surnames the text gives a person (after a capitalised or abbreviated title,
        #: or a listed first name), with where (in the current segment; -1 before it): a bare
        #: mention after that is the person too
        self.people: dict[str, int] = {}
        self._buffer = ""
        self._topic_before = False  # did the previous segment show the text is about Ukraine?
        self._abroad_until = -1  # set by _span_at: a town abroad of several words ends here

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = get_gazetteer()
        return self._gaz

    # -- public ------------------------------------------------------------------------------
    def find(self, text: str) -> list[Mention]:
        """Mentions in ``text`` (offsets into it), as one document of this stream."""
        text = require_text(text, "text")
        out: list[Mention] = []
        for offset, segment in segments(text, final=True):
            out.extend(self._shifted(self._mentions(segment), offset))
        return out

    def clean(self, text: str) -> CleanResult:
        """``text`` cleaned, with the edits (offsets into ``text``)."""
        text = require_text(text, "text")
        return _apply(text, self.find(text))

    def clean_text(self, text: str) -> str:
        """``text`` cleaned, segment by segment: no list of every mention is ever held."""
        text = require_text(text, "text")
        return "".join(_apply(segment, list(self._mentions(segment))).text
                       for _, segment in segments(text, final=True))

    # -- streams: the CLI feeds chunks and gets back exactly what clean() of the whole gives
    def feed(self, chunk: str) -> CleanResult:
        """Add text; returns the cleaned text of every segment now complete (maybe empty).
        Edit offsets are relative to the returned piece of input (``consumed`` chars)."""
        self._buffer += require_text(chunk, "chunk")
        return self._drain(final=False)

    def finish(self) -> CleanResult:
        """Clean what is left in the buffer."""
        return self._drain(final=True)

    def _drain(self, final: bool) -> CleanResult:
        text = self._buffer
        used = 0
        mentions: list[Mention] = []
        for offset, segment in segments(text, final=final):
            mentions.extend(self._shifted(self._mentions(segment), offset))
            used = offset + len(segment)
        self._buffer = text[used:]
        return _apply(text[:used], mentions)

    @staticmethod
    def _shifted(mentions: Iterator[Mention], offset: int) -> Iterator[Mention]:
        for m in mentions:
            yield Mention(m.start + offset, m.end + offset, m.text, m.place, m.replacement) \
                if offset else m

    # -- the pipeline ------------------------------------------------------------------------
    def _mentions(self, text: str) -> Iterator[Mention]:
        gaz = self.gaz
        spans: list[_Span] = []
        pos = 0
        fixed = self._fixed_ranges(text)
        # Only a capitalised word can start a name: the regex engine skips everything else, and
        # each candidate is read with the few words around it (titles, unit words, "in Russia").
        for cap in _CAPITALISED.finditer(text):
            start = cap.start()
            if start < pos:
                continue
            word = _WORD.match(text, start)
            if word is None or not self._may_start_name(text, word):
                continue
            words, i = _words_around(text, start)
            protected = {j for j, w in enumerate(words) if _inside(fixed, w.start)}
            if i in protected:
                continue
            self._abroad_until = -1
            span = self._span_at(text, words, i, protected)
            if span is not None:
                spans.append(span)
                pos = span.end
            elif self._abroad_until > 0:
                pos = self._abroad_until
        # second pass: what the text names confidently is context for the rest. It runs twice:
        # the first round corrects names the context explains better (Gershon beside Gerson is
        # Kherson, not Pokrovsk), the second chooses namesakes with the corrected places.
        # The text's topic: only a text about Ukraine (it names a city or oblast outright) may
        # have its weaker matches (garbles, villages, foreign romanisations) rewritten. Licence
        # texts and manuals name no Ukrainian place, so nothing in them is one.
        # (a city or oblast named exactly; the word "Ukrainian" alone is not enough: software
        # credits thank the Ukrainian translator)
        topic = any(s.match is not None and not self._needs_topic(s.match, s.folded)
                    for s in spans)
        allowed = topic or self._topic_before or self.about_ukraine is True
        if self.about_ukraine is False:
            allowed = False
        self._topic_before = topic
        spans = [s for s in spans if allowed or (s.match is not None and not
                                                  self._needs_topic(s.match, s.folded))]
        if self.people:
            spans = [s for s in spans if s.unit_word or
                     self.people.get(fold(text[s.start:s.end]), len(text)) >= s.start]
            self.people = dict.fromkeys(self.people, -1)  # the next segment comes after
        matches: list[Match | None] = [s.match for s in spans]
        contexts: list[frozenset[int]] = [frozenset()] * len(spans)
        for _ in range(2):
            # only confident matches are context: a weak one would vouch for its look-alikes
            units = [None if m is None or m.score < STRONG_SCORE else gaz.index_of(m.id)
                     for m in matches]
            named = Counter(u for u in units if u is not None)
            # a span's context is what the *other* spans (and earlier text) name
            everyone = frozenset(named) | frozenset(self.seen)
            contexts = [everyone if own is None or named[own] > 1 or own in self.seen
                        else everyone - {own} for own in units]
            matches = [self._with_context(s, hints)
                       for s, hints in zip(spans, contexts, strict=True)]
        matches = [None if m is not None and self._plain_word(text, s, m, hints) else m
                   for s, m, hints in zip(spans, matches, contexts, strict=True)]
        for m in matches:
            if m is not None and m.score >= STRONG_SCORE:
                h = gaz.index_of(m.id)
                if h is not None:
                    self.seen[h] = self.seen.get(h, 0) + 1
        found = [(s, m) for s, m in zip(spans, matches, strict=True) if m is not None]
        kept = _glosses(text, found)
        for k, (s, match) in enumerate(found):
            surface = text[s.start:s.end]
            rewrite = s.rewrite and k not in kept
            yield Mention(s.start, s.end, surface, match,
                          self._replacement(surface, match, s.unit_word) if rewrite
                          else surface)

    def _plain_word(self, text: str, span: _Span, match: Match, hints: frozenset[int]) -> bool:
        """Is this an ordinary English word that only happens to be a place's name ("Side
        effects", "Mars missions", "Odesa Port")? Capitals prove nothing at the start of a
        sentence or in a headline, so such a word counts as a place only with evidence: a unit
        or settlement word ("Side village"), a preposition of place before it ("near Bar"), or
        the text naming a place in the same raion or nearby. A village or settlement named
        like a town abroad (Samara, Orel) needs a settlement word ("Samara village", "the
        village of Samara"), a unit the text names that holds it, or a place nearby."""
        if span.unit_word:
            return False
        abroad = match.unit.category in ("C", "X") and span.folded in self.gaz.places_abroad()
        if not abroad and (" " in span.folded or span.folded not in self.gaz.common_words()):
            return False
        if _SETTLEMENT_WORD.match(text, span.end) or \
                _SETTLEMENT_OF.search(text, max(0, span.start - 16), span.start) or (
                not abroad and _PLACE_PREPOSITION.search(text, max(0, span.start - 12),
                                                         span.start)):
            # ("from Samara" is no evidence for the village Samara: the town abroad is
            # likelier; "the village of Novopokrovka" is)
            return False
        index = self.gaz.index_of(match.id)
        if abroad and index is not None and hints & set(self.gaz.parent_indexes(index)):
            return False  # "Novopokrovka, Zaporizhzhia Oblast": inside a unit the text names
        # (the word itself, named again, is no evidence)
        points = context_bonus(self.gaz, index, hints - {index})[0] if index is not None \
            else 0.0
        return points < _NEARBY_POINTS

    def _needs_topic(self, match: Match, folded: str) -> bool:
        """Is this match too weak to stand in a text that is not about Ukraine? Only an exact
        form of a city, an oblast or a raion that is not also a common English word stands
        alone ("Kiev" does; "Baghmud", "Bar" the city, and village names do not)."""
        return not (match.exact and match.unit.category in ("K", "M", "O", "P")
                    and folded not in self.gaz.common_words())

    def _may_start_name(self, text: str, word: re.Match[str]) -> bool:
        """A cheap first look. Names are Title-case or ALL CAPS (4+ letters: 'LuC', 'IzA' in
        binary noise, 'BAR' an acronym are not), and a lone English word that is no place's
        form cannot start one (most capitalised words: 'The', 'When', 'John')."""
        w = _POSSESSIVE.sub("", word.group())
        letters = [c for c in w if c.isalpha()]
        if len(letters) < 3:
            return False
        # inner capitals are allowed only after a hyphen or apostrophe (Ivano-Frankivsk)
        if not (w[1:] == w[1:].lower() or (len(letters) >= 4 and w.upper() == w)) and any(
                c.isupper() and w[k - 1] not in "-'\u2019\u02bc" for k, c in enumerate(w[1:], 1)):
            return False
        f = fold(w)
        gaz = self.gaz
        if f in gaz.known_forms():
            return True
        nxt = text[word.end():word.end() + 2]
        if len(nxt) == 2 and nxt[0] in " -\n" and nxt[1].isupper() and \
                f in gaz.first_words():
            return True  # may be the first word of a longer name
        return not (f in gaz.english_words() or f in gaz.given_names or gaz.is_demonym(f))

    def _span_at(self, text: str, words: list[_Word], i: int,
                 protected: set[int]) -> _Span | None:
        # how many words could form one name: capitalised, joined by one space, hyphen or break
        longest = 1
        while longest < MAX_WORDS and i + longest < len(words):
            a, b = words[i + longest - 1], words[i + longest]
            if not (text[a.end:b.start] in _JOINERS and a.end == a.start + len(a.text)
                    and _capitalised(b.text)):
                break
            longest += 1
        for n in range(longest, 0, -1):
            last = i + n - 1
            if last >= len(words) or any(j in protected for j in range(i, last + 1)):
                continue
            if n > 1 and any(words[j].text.lower() in _UNIT_WORDS for j in range(i, last + 1)):
                continue  # "Donetsk Oblast": the unit word is read after the name, never inside
            start, end = words[i].start, words[last].end
            if not (_delimiter(text, start - 1) and _delimiter(text, end)):
                continue  # a name stands between spaces or punctuation, not in binary noise
            if _in_code_token(text, start, end):
                continue  # part of a URL, address, file name or hashtag
            surface = text[start:end]
            if len(surface) < 3 or len(surface) > 60:
                continue
            if n > 1 and (whole := fold(" ".join(surface.split()))) in \
                    self.gaz.places_abroad() and whole not in self.gaz.known_forms():
                # Stary Oskol, Nizhny Novgorod: a town abroad, and none of its words is a place
                self._abroad_until = end
                return None
            if surface.isupper() and len(surface) > 1:
                # ALL CAPS is a headline or a code (GLOBIGNORE): only an exact name counts
                folded_caps = fold(" ".join(surface.split()))
                if folded_caps not in self.gaz.known_forms():
                    continue
            unit_word = self._unit_word_after(text, words, last)
            name = " ".join(surface.split()) + (" " + unit_word if unit_word else "")
            match, ranked, folded = _analyse_cached(name, self.score_cutoff)
            if match is None and unit_word == "region":
                # "Bakhmut region": not an oblast, so try the raion
                name = " ".join(surface.split()) + " raion"
                match, ranked, folded = _analyse_cached(name, self.score_cutoff)
            if match is None and not ranked:
                continue
            if n > 1:
                common = [fold(words[j].text) in self.gaz.common_words()
                          for j in range(i, last + 1)]
                if match is None or match.score < (99.0 if any(common) else 90.0) \
                        or len(match.matched.split()) != n or all(common):
                    # several words are taken together only when they clearly resolve, and
                    # not when each is a common word (a capitalised English phrase); one may
                    # be when the name is written as a source or a romanisation writes it
                    # (Nova Kakhovka, Novy Bug), not garbled (New York is no Niu-York)
                    continue
            if self._not_a_place(text, words, i, last, match):
                return None
            if match is None and (not ranked or ranked[0].score < 55):
                continue
            if has_cyrillic(surface) and _cyrillic_around(words, i, last):
                # Ukrainian or Russian prose, not a name left untranslated in English text:
                # its words are inflected (Бахмуті) and its common words near village names
                # (Сили, Shyly), so only an exact name is reported, and it keeps its spelling
                if match is None or not match.exact or match.unit.category not in _PROSE_KINDS \
                        or not _ATTESTED_CYRILLIC.intersection(match.sources):
                    return None
                return _Span(i, last, start, end, name, unit_word, match, ranked, folded,
                             rewrite=False)
            # "Ivano - Frankivsk": the name's first word stands before the span, and rewriting
            # the span to the whole name would write it twice
            rewrite = match is None or not _repeats_before(text, start, surface, match.name)
            return _Span(i, last, start, end, name, unit_word, match, ranked, folded,
                         rewrite=rewrite)
        return None

    def _with_context(self, span: _Span, hints: frozenset[int]) -> Match | None:
        """Re-decide a span in the light of the other places the text names: the namesake
        choice and the same place named elsewhere can change (see resolver.decide)."""
        best = span.match
        if not hints or not span.ranked:
            return best
        hinted = bool(hints.intersection(
            r.index for r in span.ranked if best is None or r.id != best.id))
        if best is None and not hinted:
            return None
        if best is not None and not hinted and best.unit.category != "P" and not any(
                r.name == best.name and r.id != best.id for r in span.ranked):
            return best  # (a raion may yield to a city district the context puts in its city)
        own = self.gaz.index_of(best.id) if best is not None else None
        others = hints - {own} if own in hints else hints
        match = decide(self.gaz, span.ranked, span.folded, self.score_cutoff, others)
        return match if match is not None else best

    # -- precision guards ----------------------------------------------------------------------
    def _not_a_place(self, text: str, words: list[_Word], i: int, last: int,
                     match: Match | None) -> bool:
        return (self._is_person(text, words, i, last, match)
                or self._is_abroad(text, words, i, last)
                or self._names_a_street(text, words, last))

    @staticmethod
    def _names_a_street(text: str, words: list[_Word], last: int) -> bool:
        """"Sumska street", "Andriyivskyy Descent", "Kharkov Street": a street named after a
        place (a street word in capitals, or after an adjective); "a Kharkov street", "Kiev
        street art" are the city's streets."""
        if last + 1 >= len(words) or text[words[last].end:words[last + 1].start] != " ":
            return False
        street = words[last + 1].text
        return street.lower() in _STREET_WORDS and (
            street[0].isupper() or _ADJECTIVE_END.search(fold(words[last].text)) is not None)

    def _is_person(self, text: str, words: list[_Word], i: int, last: int,
                   match: Match | None = None) -> bool:
        common = self.gaz.common_words()
        # a title before it, perhaps with given names in between: "Mayor Vadym Lyakh"
        j = i - 1
        while j >= 0 and i - j <= 3:
            w = words[j].text
            if w.lower() in _ABBREVIATED_TITLES and \
                    _TITLE_PERIOD.fullmatch(text, words[j].end, words[j + 1].start):
                return self._a_person(text, words, i, last)
            if not self._adjacent(text, words, j):
                break
            if w.lower().rstrip(".") in _TITLES or w.lower() in _ABBREVIATED_TITLES:
                if w[0].isupper():
                    return self._a_person(text, words, i, last)
                # a title in lower case is an adjective as often as not ("a major Kherson
                # offensive", "the deputy Kharkiv governor"): a city's name stays a place
                return not self._names_a_city(text[words[i].start:words[last].end])
            if not _title_case(w) or w.lower() in common:
                break
            j -= 1
        # a first name before it: "Oleksandr Senkevych", "Peter Marschall" (a capitalised word
        # that is a name, or no common word, and not itself a place)
        if i > 0 and self._adjacent(text, words, i - 1):
            prev = words[i - 1].text
            f = fold(prev)
            # (an English first name that is also a word, opening a sentence: a person when
            # the name after it only resembles a place; not in a headline where every word is
            # capitalised, nor a modal opening a question: "Will Bakmut fall?")
            english_name = f in self.gaz.english_given_names() and match is not None \
                and any(s.action == "fuzzy" for s in match.steps) \
                and not (f in _MODALS and _asks(text, words[i - 1].start)) \
                and not _headline(text, words[i - 1].start, share=1.0)
            if _title_case(prev) and (f in self.gaz.proper_nouns() or f in self.gaz.given_names
                                      or f not in common) and not self._names_a_city(prev) \
                    and f not in _CALENDAR \
                    and (f in self.gaz.given_names or english_name
                         or not (f in common and (_sentence_initial(text, words[i - 1].start)
                                                  or _headline(text, words[i - 1].start)))):
                # (a common word opening a sentence, or in a headline, is capitalised for that
                # alone: "In Kyiv", "Explosions Rock Kyiv"; the word lists also hold "In",
                # "At" and "Rock" as proper nouns. A listed first name is one there too:
                # "Maria Giordano said", and so is a common English first name before a name
                # that only resembles a place: "Mark Blatt said" (Balta), while "Will
                # Kherson hold?" keeps its city)
                if f in self.gaz.given_names or english_name:
                    return self._a_person(text, words, i, last)
                return True
        # a first name before an initial or another capitalised word: "Vladimir D. Seleznev"
        if i == last and fold(words[i].text) in self.gaz.given_names and last + 1 < len(words) \
                and _capitalised(words[last + 1].text) and \
                text[words[last].end:words[last + 1].start] in (" ", "\n"):
            return True
        # a surname after it: "Volodymyr Zelenskiy"
        if last + 1 < len(words) and self._adjacent(text, words, last):
            nxt = words[last + 1].text
            # (an ALL CAPS surname has 4+ letters: NPP, HPP, SBU after a place are acronyms)
            if (_title_case(nxt) or (nxt.isupper() and len(nxt) > 3)) and \
                    nxt.lower() not in common and \
                    nxt.lower() not in _UNIT_WORDS and not self._names_a_city(nxt):
                return True
        return False

    def _a_person(self, text: str, words: list[_Word], i: int, last: int) -> bool:
        """True, and the surname is remembered: named bare later in the text, it is still the
        person (one sense per discourse: "Serhiy Haidai said ... Haidai added")."""
        surface = text[words[i].start:words[last].end]
        if not self._names_a_city(surface, min_score=99.0):
            # (a city's own name as a surname, Bohdan Khmelnytsky, is the city again elsewhere;
            # a surname that merely resembles one, Giordano and Horodnia, stays the person)
            self.people.setdefault(fold(surface), words[i].start)
        return True

    def _names_a_city(self, word: str, min_score: float = 0.0) -> bool:
        """Does the word on its own resolve to a city, oblast or raion (a list of places, not a
        first name and surname)? Garbled or not: the answer must not change once the text is
        cleaned ("Kiev Baghmud" and "Kiev Bakhmut" are both two places). ``min_score``: only
        a match at least this good counts."""
        match = _analyse_cached(word, self.score_cutoff)[0]
        return match is not None and match.score >= min_score and \
            match.unit.category in ("K", "M", "O", "P")

    @staticmethod
    def _adjacent(text: str, words: list[_Word], j: int) -> bool:
        """Is word j followed by word j+1 with just one space between them?"""
        return (j + 1 < len(words) and words[j].end == words[j].start + len(words[j].text)
                and text[words[j].end:words[j + 1].start] == " ")

    def _is_abroad(self, text: str, words: list[_Word], i: int, last: int) -> bool:
        countries = self.gaz.countries()
        # "Shaikhovka airport in Russia", "Petrikov district in southern Belarus", "Odessa, Texas"
        k = last + 1
        if k < len(words) and words[k].text.lower() in _FEATURES:
            k += 1
        sep = text[words[k - 1].end:words[k].start] if k < len(words) else ""
        if k < len(words) and sep.strip() == ",":
            # "Odessa, Texas", "Odessa, west Texas", "Odessa, in Texas", "Grayvoron, a border
            # town in Russia"
            if words[k].text.lower() in ("a", "an", "the"):
                # (an adjective or two may come first: "a small border town in")
                for n in range(k + 1, min(k + 5, len(words) - 1)):
                    if words[n].text.lower() in _FEATURES and words[n + 1].text == "in":
                        return self._apposition_abroad(text, words, n + 2, countries)
                return False
            while k < len(words) and words[k].text.lower() in _DIRECTIONS:
                k += 1
            if k < len(words) and words[k].text.lower() not in _LEAD_IN:
                return self._country_at(text, words, k, countries)
        if k < len(words) and words[k].text.lower() in _LEAD_IN:
            k += 1
            while k < len(words) and words[k].text.lower() in _DIRECTIONS | {"the"}:
                k += 1
            return self._country_at(text, words, k, countries)
        # "Russia's Belgorod region"
        if i > 0 and text[words[i - 1].end:words[i].start] in (" ", "'s ", "\u2019s "):
            prev = text[words[i - 1].start:words[i].start].rstrip()
            prev = _POSSESSIVE.sub("", prev)
            if prev != text[words[i - 1].start:words[i - 1].end] or \
                    text[words[i - 1].end:words[i].start] != " ":
                return " ".join(prev.lower().split()) in countries
        return False

    @staticmethod
    def _apposition_abroad(text: str, words: list[_Word], k: int,
                           countries: frozenset[str]) -> bool:
        """After "X, a town in": is the rest a country that ends the phrase? Not "Russia's
        grip", "Russia-held Donetsk" (Ukraine's), and "near Russia" is never taken here."""
        while k < len(words) and words[k].text.lower() in _DIRECTIONS | {"the"}:
            k += 1
        n = _country_words(words, k, countries)
        return bool(n) and _ends_phrase(text, words[k + n - 1].end)

    def _country_at(self, text: str, words: list[_Word], k: int,
                    countries: frozenset[str]) -> bool:
        if k >= len(words):
            return False
        code = words[k]
        if code.text in self.gaz.country_codes() and not words[k - 1].text.isupper() and \
                _ends_phrase(text, code.end):
            # "Odessa, TX": a code in capitals that ends the phrase; in a headline in capitals
            # ("KHARKOV, AND ODESSA", "KHARKOV, MAR 3") it is a word
            return True
        n = _country_words(words, k, countries)
        if n:
            # "Kharkov, Russia said": the country speaks, the place is Ukraine's
            after = words[k + n] if k + n < len(words) else None
            return not (after is not None and after.text in _REPORTING_VERBS
                        and text[words[k + n - 1].end:after.start] == " ")
        # "Shebekino, Belgorod region", "in Kursk oblast": a region named after a town abroad
        # that no Ukrainian place bears (Donetsk region is Ukraine's)
        town = fold(code.text)
        return (k + 1 < len(words) and words[k + 1].text.lower() in _REGION_WORDS
                and town in self.gaz.places_abroad() and town not in self.gaz.known_forms())

    def _fixed_ranges(self, text: str) -> list[tuple[int, int]]:
        """Sorted (start, end) of the fixed expressions in ``text`` ('chicken Kiev')."""
        if self._fixed_re is None:
            exprs = sorted(self.gaz.fixed_expressions, key=len, reverse=True)
            alternatives = "|".join(r"[\s\-]+".join(map(re.escape, e.split())) for e in exprs)
            self._fixed_re = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        return [m.span() for m in self._fixed_re.finditer(text)]

    def _unit_word_after(self, text: str, words: list[_Word], last: int) -> str:
        """'Donetsk region' -> 'region'; also 'the Luhansk and Donetsk regions' -> 'regions'
        for Luhansk, which shares the plural unit word of the name it is coordinated with."""
        if last + 1 < len(words) and self._adjacent(text, words, last):
            w = words[last + 1].text.lower()
            if w in _UNIT_WORDS:
                return w
            if w in ("and", "or") and last + 3 < len(words) and \
                    self._adjacent(text, words, last + 1) and \
                    self._adjacent(text, words, last + 2) and \
                    _capitalised(words[last + 2].text):
                plural = words[last + 3].text.lower()
                if plural in ("regions", "oblasts", "districts", "raions"):
                    return plural
        return ""

    @staticmethod
    def _replacement(surface: str, match: Match, unit_word: str) -> str:
        unit = match.unit
        target = unit.short if unit_word and unit.short else unit.name
        if unit.category in ("O", "P", "H") and not unit_word:
            target = unit.short or unit.name
        # a line break inside the name stays when the word count agrees; otherwise the
        # official space or hyphen is written (Ivano Frankivsk, Bila-Tserkva)
        src_words = _SRC_SEPARATORS.split(surface)
        dst_words = _DST_SEPARATORS.split(target)
        if len(src_words) == len(dst_words) and len(src_words) > 1:
            target = "".join(_separator(s, d) if k % 2 else d
                             for k, (s, d) in enumerate(zip(src_words, dst_words, strict=True)))
        letters = [c for c in surface if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            target = target.upper()
        if fold(surface) == fold(target) and \
                without_invisible(surface).replace("\u2019", "'") == target:
            return surface  # canonical already (a soft hyphen in it is the author's)
        return target


#: Text is handled in segments of about this many characters, cut at a paragraph break (else a
#: line break, else a space) after it: memory stays bounded on any input, and a stream fed in
#: pieces is cut at the same places as the whole text, so both give the same result.
SEGMENT = 1 << 16


def segments(text: str, final: bool, size: int = SEGMENT) -> Iterator[tuple[int, str]]:
    """(offset, segment) pieces of ``text``. Unless ``final``, a tail that may still grow into
    a longer segment is held back (not yielded)."""
    start = 0
    n = len(text)
    while start < n:
        if n - start <= size:
            if final:
                yield start, text[start:]
            return
        if not final and start + 2 * size > n:
            return  # the cut depends on text that has not arrived yet
        window_end = min(n, start + 2 * size)
        cut = -1
        for sep in ("\n\n", "\n", " "):
            k = text.find(sep, start + size, window_end)
            if k >= 0:
                cut = k + len(sep)
                break
        if cut < 0:
            cut = window_end
        yield start, text[start:cut]
        start = cut


def _apply(text: str, mentions: list[Mention]) -> CleanResult:
    out: list[str] = []
    edits: list[Edit] = []
    pos = 0
    for m in mentions:
        if m.replacement == m.text:
            continue
        out.append(text[pos:m.start])
        out.append(m.replacement)
        edits.append(Edit(m.start, m.end, m.text, m.replacement, m.place))
        pos = m.end
    out.append(text[pos:])
    return CleanResult("".join(out), tuple(edits))


def find(text: str, *, score_cutoff: float = CUTOFF, about_ukraine: bool | None = None
         ) -> list[Mention]:
    """The Ukrainian place names in ``text``, in order, non-overlapping, with their units.

    Garbles, villages and exotic spellings are taken only in a text about Ukraine: one that
    says so or names a city outright, or when ``about_ukraine=True``."""
    return TextFilter(score_cutoff=score_cutoff, about_ukraine=about_ukraine).find(text)


def clean(text: str, *, score_cutoff: float = CUTOFF, about_ukraine: bool | None = None
          ) -> str:
    """``text`` with every Ukrainian place name found rewritten to its canonical form."""
    return TextFilter(score_cutoff=score_cutoff, about_ukraine=about_ukraine).clean_text(text)


def clean_with_edits(text: str, *, score_cutoff: float = CUTOFF,
                     about_ukraine: bool | None = None) -> CleanResult:
    """The cleaned text and the edits that made it, for pipelines that need both."""
    return TextFilter(score_cutoff=score_cutoff, about_ukraine=about_ukraine).clean(text)

