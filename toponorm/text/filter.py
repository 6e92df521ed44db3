"""The text filter: find the Ukrainian place names in English text and rewrite them.

Only capitalised words (or ALL CAPS ones) can start a name, and every distinct name is
resolved once (a cache the ``Toponorm`` owns), so the cost is a regex scan plus a dictionary
look-up for most words. Each span is read with the few words around it; the guards
(``text.guards``) drop what the text says is something else; the topic gate keeps weak matches
to texts about Ukraine; what the text names confidently is context for the rest. The output
differs from the input only inside reported spans.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from .. import tuning
from ..errors import InputTypeError, InputValueError, require_cutoff, require_text
from ..match.context import Bonus
from ..match.decide import Decision
from ..match.rank import Ranked
from ..query.normalize import fold
from ..query.translit import has_cyrillic
from ..store import schema
from ..store.gazetteer import Gazetteer
from ..types import CleanResult, Match, Mention, Step
from .guards import (
    GUARDS,
    UNIT_WORDS,
    Guard,
    SpanView,
    city_part,
    names_a_city_part,
)
from .rewrite import (
    CYRILLIC_UNIT_WORDS,
    apply,
    former_names,
    glosses,
    repeats_before,
    replacement,
    rewrite_as,
)
from .segments import segments
from .tokens import (
    CAPITALISED,
    POSSESSIVE,
    WORD,
    Word,
    adjacent,
    capitalised,
    delimiter,
    in_code_token,
    inside,
    words_around,
)
from .topic import needs_topic, shows_topic

__all__ = ["Engine", "TextFilter"]

# what may join the words of one name: a space, a hyphen, or one line break
# (a hyphen at a line break joins the halves of a hyphenated name: "Ivano-\nFrankivsk"; an en
# dash is a mistyped hyphen between capitalised words: "Ivano–Frankivsk")
_JOINERS = {" ", "\u00a0", "-", "\n", "\r\n", "\u2010", "\u2011", "\u2013", "-\n", "-\r\n",
            "\u2010\n", "\u2010\r\n"}
# In Cyrillic prose only a city, oblast, raion or hromada is reported, and only by its official
# or attested Cyrillic name: village names there are common words (Поле, Степ, Сад), and a
# rebuilt Russian name is a guess
_PROSE_KINDS = frozenset(schema.BIG + schema.RAION + schema.HROMADA)
_ATTESTED_CYRILLIC = frozenset({"official-cyrillic", "former-name-cyrillic",
                                "russian-name:geonames", "short-name"})


_NONE_PROTECTED: frozenset[int] = frozenset()

#: What ``start_verdict`` says of a capitalised word: it cannot start a name, it can, or it
#: can only as the first word of a longer one (followed by another capitalised word).
NO_START, START, FIRST_WORD = 0, 1, 2


def start_verdict(gaz: Gazetteer, word: str) -> int:
    """Can this capitalised word start a name? Names are Title-case or ALL CAPS (4+ letters:
    'LuC', 'IzA' in binary noise, 'BAR' an acronym are not), and a lone English word that is
    no place's form cannot start one (most capitalised words: 'The', 'When', 'John'). Depends
    on the word and the data only, so the engine remembers it."""
    w = POSSESSIVE.sub("", word)
    letters = [c for c in w if c.isalpha()]
    if len(letters) < 3:
        return NO_START
    # inner capitals are allowed only after a hyphen or apostrophe (Ivano-Frankivsk)
    if not (w[1:] == w[1:].lower() or (len(letters) >= 4 and w.upper() == w)) and any(
            c.isupper() and w[k - 1] not in "-'\u2019\u02bc" for k, c in enumerate(w[1:], 1)):
        return NO_START
    f = fold(w)
    if f in gaz.known_forms():
        return START
    words = gaz.words
    if not (f in words.english_words() or f in words.given_names or words.is_demonym(f)):
        return START
    # may be the first word of a longer name
    return FIRST_WORD if f in gaz.first_words() else NO_START


class Engine(Protocol):
    """What the text filter needs of its ``Toponorm``: the gazetteer and its caches."""

    @property
    def gazetteer(self) -> Gazetteer: ...

    def span_decision(self, name: str, score_cutoff: float) -> Decision: ...

    def start_verdict(self, word: str) -> int: ...

    def bonus(self, index: int, hints: frozenset[int]) -> Bonus: ...

    def redecide(self, decision: Decision, score_cutoff: float,
                 hints: frozenset[int]) -> Decision: ...


@dataclass(slots=True)
class _Span:
    first: int  # index of the first word
    last: int  # index of the last word
    start: int
    end: int
    unit_word: str
    decision: Decision
    rewrite: bool = True  # False: reported, but the text keeps its own spelling
    located: bool = False  # decided inside the oblast the text puts it in: context moves it no more

    @property
    def match(self) -> Match | None:
        return self.decision.match

    @property
    def ranked(self) -> tuple[Ranked, ...]:
        return self.decision.ranked

    @property
    def folded(self) -> str:
        return self.decision.folded


# After a name, the oblast the text puts it in, maybe after other names of a list: "in
# Kharkiv region", ", Donetsk Oblast", " (Kherson region)", "and Stepnohirsk in Zaporizhzhia
# region" (a plural, "the Luhansk and Donetsk regions", names two oblasts, not a location)
_NAME_WORD = r"[A-Z][\w'\u2019\-]*"
# (only "in" and "of" carry across a list: in "Sumy, Zaporozhye, Luhansk region" the last is
# one more item, not where the others lie)
_OBLAST_AFTER = re.compile(
    rf"(?:(?:(?:\s*,\s*|\s+and\s+){_NAME_WORD}(?:\s{_NAME_WORD})?){{0,4}}"
    rf"\s+(?:in|of)\s+(?:the\s+)?|\s*,\s*|\s*\(\s*)"
    rf"({_NAME_WORD}(?:[ \-]{_NAME_WORD})?)\s+(?:[Rr]egion|[Oo]blast|[Pp]rovince)\b(?!-)")
_OBLAST_AFTER_CHARS = 160

#: the lower-case words on each side that tell Ukrainian or Russian prose from English
_PROSE_WINDOW = 8
# a word that opens with a lower-case letter (the words a clean never rewrites)
_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z\u0430-\u044f\u0451\u0454\u0456\u0457\u0491]"
                         r"[\w'\u2019-]*")


class _Prose:
    """Which lower-case words of one text are Cyrillic, to tell whether a Cyrillic name stands
    in Ukrainian or Russian prose or was left untranslated in English text. Read from the
    nearest lower-case words, unit words aside, wherever they are: clean() never rewrites
    those, so a second clean reads the same (a count of all the words in a window of
    characters tipped as the names around were rewritten from Cyrillic to Latin)."""

    __slots__ = ("cyrillic", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.cyrillic = [0]  # running count of Cyrillic words among them
        for m in _LOWER_WORD.finditer(text):
            w = m.group()
            if w not in CYRILLIC_UNIT_WORDS and w not in UNIT_WORDS:
                self.starts.append(m.start())
                self.cyrillic.append(self.cyrillic[-1] + has_cyrillic(w))

    def around(self, start: int, end: int) -> bool:
        """Is the span ``start``..``end`` in prose? No lower-case word near: yes, the cautious
        reading."""
        before, after = bisect_left(self.starts, start), bisect_left(self.starts, end)
        lo, hi = max(0, before - _PROSE_WINDOW), min(len(self.starts), after + _PROSE_WINDOW)
        cyrillic = (self.cyrillic[before] - self.cyrillic[lo]) \
            + (self.cyrillic[hi] - self.cyrillic[after])
        return cyrillic * 2 >= (before - lo) + (hi - after)


class TextFilter:
    """Finds and rewrites place names. Keep one per document stream to carry context across
    chunks (the CLI does); ``Toponorm.find`` and ``clean`` make a fresh one per call."""

    def __init__(self, engine: Engine, *, score_cutoff: float = tuning.CUTOFF,
                 about_ukraine: bool | None = None, guards: Sequence[Guard] = GUARDS) -> None:
        self.engine = engine
        self.score_cutoff = require_cutoff(score_cutoff)
        if about_ukraine is not None and not isinstance(about_ukraine, bool):  # (1 == True)
            raise InputTypeError(
                f"about_ukraine must be True, False or None, not {about_ukraine!r}")
        #: None: decide from the text (it mentions Ukraine, or names a city outright); True:
        #: the caller knows it is about Ukraine; False: only close matches to cities count
        self.about_ukraine = about_ukraine
        self._resolved_guards = tuple(g for g in guards if g.stage == "resolved")
        self._context_guards = tuple(g for g in guards if g.stage == "in-context")
        self._prose: _Prose | None = None
        #: units confidently named so far in this stream (for context), most recent last
        self.seen: dict[int, int] = {}
        #: folded surnames the text gives a person (after a capitalised or abbreviated title,
        #: or a listed first name), with where (in the current segment; -1 before it): a bare
        #: mention after that is the person too
        self.people: dict[str, int] = {}
        self._buffer = ""
        self._topic_before = False  # did the previous segment show the text is about Ukraine?
        self._abroad_until = -1  # set by _span_at: a town abroad of several words ends here
        # (the words of this segment the guards asked about, and the rewritten ones as what
        # they become: see _mentions)
        self._asked: dict[tuple[str, float], bool] | None = None
        self._as_cleaned: dict[str, str] = {}

    @property
    def gaz(self) -> Gazetteer:
        return self.engine.gazetteer

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
        return apply(text, self.find(text))

    def clean_text(self, text: str) -> str:
        """``text`` cleaned, segment by segment: no list of every mention is ever held."""
        text = require_text(text, "text")
        return "".join(apply(segment, list(self._mentions(segment))).text
                       for _, segment in segments(text, final=True))

    def reset(self) -> TextFilter:
        """Forget the stream so far (the places, people and topic it has seen): the next text
        is a new document, whose result no earlier one changes. Returns self. Text fed and not
        yet finished is an error: ``finish()`` it first."""
        if self._buffer:
            raise InputValueError("reset() with text fed and not finished: call finish() first")
        self.seen.clear()
        self.people.clear()
        self._topic_before = False
        self._abroad_until = -1
        return self

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
        return apply(text[:used], mentions)

    @staticmethod
    def _shifted(mentions: Iterable[Mention], offset: int) -> Iterator[Mention]:
        for m in mentions:
            yield Mention(m.start + offset, m.end + offset, m.text, m.place, m.replacement) \
                if offset else m

    # -- what guards may ask -----------------------------------------------------------------
    def names_a_city(self, word: str, min_score: float = 0.0) -> bool:
        """Does the word on its own resolve to a city, oblast or raion (a list of places, not a
        first name and surname)? Garbled or not: the answer must not change once the text is
        cleaned ("Kiev Baghmud" and "Kiev Bakhmut" are both two places); a word this text
        rewrites is asked about as what it becomes (see ``_mentions``). ``min_score``: only
        a match at least this good counts."""
        answer = self._names_a_city(self._as_cleaned.get(word, word), min_score)
        if self._asked is not None:
            self._asked[(word, min_score)] = answer
        return answer

    def _names_a_city(self, word: str, min_score: float) -> bool:
        if min_score < 0:  # (the key under which big_place's answers are remembered)
            return self._big_place(word) is not None
        match = self.engine.span_decision(word, self.score_cutoff).match
        if match is None or match.score < min_score:
            return False
        # (a village's own Russian name, Vasilovka, is cleaned to the name it shares with a
        # city, Vasylivka: the name it is written as decides)
        return match.unit.category in schema.BIG + schema.RAION or \
            self.gaz.names_city_or_oblast(fold(match.name))

    def big_place(self, name: str) -> Match | None:
        """The city or oblast ``name`` names exactly, or None (a word this text rewrites: as
        what it becomes)."""
        match = self._big_place(self._as_cleaned.get(name, name))
        if self._asked is not None:
            self._asked[(name, -1.0)] = match is not None
        return match

    def _big_place(self, name: str) -> Match | None:
        match = self.engine.span_decision(name, self.score_cutoff).match
        return match if match is not None and match.exact and \
            match.unit.category in schema.BIG else None

    def bonus(self, index: int, hints: frozenset[int]) -> Bonus:
        return self.engine.bonus(index, hints)

    # -- the pipeline ------------------------------------------------------------------------
    def _mentions(self, text: str) -> list[Mention]:
        """The mentions of one segment, decided as a second cleaning would decide them.

        The guards ask whether the words beside a span name places ("Kotlin Kev" is a first
        name and a surname, "Kharkiv Kev" two places). A word this text rewrites is a place
        once the text is cleaned: when such a word was asked about, the segment is read again
        with the guards seeing each rewritten word as what it becomes, from the same state
        (people, topic, places seen), until nothing asked about changes (a few rounds at
        most). Rare: a word is rewritten and sits beside another capitalised one."""
        state = (dict(self.people), dict(self.seen), self._topic_before)
        self._asked = {}
        try:
            for _ in range(tuning.CLEANED_REREADS + 1):
                mentions = list(self._mentions_once(text))
                rewritten = {m.text: m.replacement for m in mentions if m.replacement != m.text}
                # read again only if some answer changes with the words as cleaned (most
                # rewritten neighbours, Kharkov to Kharkiv, give the same answer)
                if all(answer == self._names_a_city(rewritten.get(w, w), min_score)
                       for (w, min_score), answer in self._asked.items()
                       if self._as_cleaned.get(w, w) != rewritten.get(w, w)):
                    break
                self._as_cleaned, self._asked = rewritten, {}
                people, seen, self._topic_before = state
                self.people, self.seen = dict(people), dict(seen)
            return mentions
        finally:
            self._as_cleaned, self._asked = {}, None

    def _mentions_once(self, text: str) -> Iterator[Mention]:
        spans = self._gate(text, self._read_spans(text))
        matches, parts = self._decided(text, spans, frozenset())
        # A name this text rewrites is exact on a second pass, and so context for the rest
        # ("Rzodory" beside "Rodzory" once that is "Rozdory"): decide as that pass would, so
        # that clean(clean(x)) == clean(x).
        vouched = frozenset(i for i in (
            self.gaz.index_of(m.id) for m, s in zip(matches, spans, strict=True)
            if m is not None and m.score < tuning.STRONG_SCORE and s.rewrite) if i is not None)
        if vouched:
            matches, parts = self._decided(text, spans, vouched)
        self._remember(matches)
        found = [(k, s, m or parts[k][0]) for k, (s, m) in enumerate(zip(spans, matches,
                                                                          strict=True))
                 if m is not None or k in parts]
        located = [(s.start, s.end, m) for _, s, m in found]
        kept = glosses(text, located) | former_names(text, located)
        for n, (k, s, match) in enumerate(found):
            surface = text[s.start:s.end]
            rewrite = s.rewrite and n not in kept
            target = replacement(surface, match, s.unit_word) if k not in parts else \
                rewrite_as(surface, parts[k][1])
            yield Mention(s.start, s.end, surface, match, target if rewrite else surface)

    def _decided(self, text: str, spans: list[_Span], vouched: frozenset[int]
                 ) -> tuple[list[Match | None], dict[int, tuple[Match, str]]]:
        """Each span's match in the context of the others (None: none, or a guard ruled it
        out), and the spans that name a part of a city instead."""
        matches, contexts = self._in_context(spans, vouched)
        parts: dict[int, tuple[Match, str]] = {}
        for k, (s, m, hints) in enumerate(zip(spans, matches, contexts, strict=True)):
            view = SpanView(self, text, [Word(s.start, s.end, text[s.start:s.end])], 0, 0, m,
                            s.folded, s.unit_word, hints)
            if m is not None and self._guarded(self._context_guards, view):
                matches[k] = None
                part = self._city_part(view)
                if part is not None:
                    parts[k] = part
        return matches, parts

    def _city_part(self, view: SpanView) -> tuple[Match, str] | None:
        """A neighbourhood of a city the text names (Pozniaky in a text about Kyiv): reported
        as that city, the unit it lies in, and written as its own name."""
        part = city_part(view)
        if part is None or part[0] not in view.hints or not names_a_city_part(view):
            return None
        city, name = part
        unit = self.gaz.unit(city)
        step = Step("city part", f"{view.folded}: {name}, a part of {unit.name} (GeoNames), "
                                 f"no unit of the codifier: reported as {unit.name}")
        return Match(unit=unit, query=view.text[view.start:view.end], matched=view.folded,
                     score=tuning.EXACT_SCORE, steps=(step,), sources=("geonames-latin",),
                     exact=True), name

    @staticmethod
    def _guarded(guards: Sequence[Guard], view: SpanView) -> bool:
        return any(g.check(view) for g in guards)

    def _read_spans(self, text: str) -> list[_Span]:
        """Every span that may be a name, read and resolved on its own, in order."""
        spans: list[_Span] = []
        pos = 0
        fixed = self._fixed_ranges(text)
        # Only a capitalised word can start a name: the regex engine skips everything else, and
        # each candidate is read with the few words around it (titles, unit words, "in Russia").
        for cap in CAPITALISED.finditer(text):
            start = cap.start()
            if start < pos:
                continue
            # (the word is read up to the longest name: a chain of letters joined by invisible
            # marks must not be read to its end from each of its capitals, which is quadratic)
            word = WORD.match(text, start, start + tuning.MAX_NAME_CHARS + 1)
            if word is None or word.end() - start > tuning.MAX_NAME_CHARS \
                    or not self._may_start_name(text, word):
                continue
            words, i = words_around(text, start)
            if i < 0:
                continue  # the capital is inside a word (joined by an invisible mark: "x\u00adA")
            protected = {j for j, w in enumerate(words) if inside(fixed, w.start)} \
                if fixed else _NONE_PROTECTED
            if i in protected:
                continue
            self._abroad_until = -1
            span = self._span_at(text, words, i, protected)
            if span is not None:
                spans.append(span)
                pos = span.end
            elif self._abroad_until > 0:
                pos = self._abroad_until
        return spans

    def _gate(self, text: str, spans: list[_Span]) -> list[_Span]:
        """The topic gate and the people the text has named: spans they rule out are no
        context either."""
        topic = shows_topic(self.gaz, [(s.match, s.folded) for s in spans], text)
        allowed = topic or self._topic_before or self.about_ukraine is True
        if self.about_ukraine is False:
            allowed = False
        self._topic_before = topic
        spans = [s for s in spans if allowed or (s.match is not None and not
                                                  needs_topic(self.gaz, s.match, s.folded))]
        if self.people:
            spans = [s for s in spans if s.unit_word or
                     self.people.get(fold(text[s.start:s.end]), len(text)) >= s.start]
            # the next segment comes after; a long stream keeps only the latest people
            recent = list(self.people)[-tuning.PEOPLE_REMEMBERED:]
            self.people = dict.fromkeys(recent, -1)
        return spans

    def _in_context(self, spans: list[_Span], vouched: frozenset[int] = frozenset()
                    ) -> tuple[list[Match | None], list[frozenset[int]]]:
        """What the text names confidently is context for the rest. Two rounds: the first
        corrects names the context explains better (Gershon beside Gerson is Kherson, not
        Pokrovsk), the second chooses namesakes with the corrected places. ``vouched``:
        units that count as confident whatever their score (see ``_mentions``)."""
        gaz = self.gaz
        matches: list[Match | None] = [s.match for s in spans]
        contexts: list[frozenset[int]] = [frozenset()] * len(spans)
        for _ in range(2):
            # only confident matches are context: a weak one would vouch for its look-alikes
            units = [None if m is None else gaz.index_of(m.id) for m in matches]
            units = [u if m is not None and (m.score >= tuning.STRONG_SCORE or u in vouched)
                     else None for u, m in zip(units, matches, strict=True)]
            named = Counter(u for u in units if u is not None)
            # a span's context is what the *other* spans (and earlier text) name
            everyone = frozenset(named) | frozenset(self.seen)
            contexts = [everyone if own is None or named[own] > 1 or own in self.seen
                        else everyone - {own} for own in units]
            matches = [self._with_context(s, hints)
                       for s, hints in zip(spans, contexts, strict=True)]
        return matches, contexts

    def _remember(self, matches: list[Match | None]) -> None:
        seen = self.seen
        for m in matches:
            if m is not None and m.score >= tuning.STRONG_SCORE:
                h = self.gaz.index_of(m.id)
                if h is not None:
                    seen[h] = seen.pop(h, 0) + 1  # (to the end: most recent last)
        while len(seen) > tuning.PLACES_REMEMBERED:
            del seen[next(iter(seen))]

    def _may_start_name(self, text: str, word: re.Match[str]) -> bool:
        """A cheap first look (``start_verdict``, remembered per word by the engine)."""
        verdict = self.engine.start_verdict(word.group())
        if verdict != FIRST_WORD:
            return verdict == START
        nxt = text[word.end():word.end() + 2]
        return len(nxt) == 2 and nxt[0] in " -\n" and nxt[1].isupper()

    def _longest(self, text: str, words: list[Word], i: int) -> int:
        """How many words from ``i`` could form one name: capitalised, joined by one space,
        hyphen or line break."""
        longest = 1
        while longest < tuning.MAX_WORDS and i + longest < len(words):
            a, b = words[i + longest - 1], words[i + longest]
            if not (text[a.end:b.start] in _JOINERS and a.end == a.start + len(a.text)):
                break
            if not capitalised(b.text):
                # a short word in lower case between hyphens joins a longer name
                # (Vasylivka-na-Dnipri, Rostov-on-Don)
                if not (len(b.text) <= 4 and b.text.islower() and text[a.end:b.start] == "-"
                        and i + longest + 1 < len(words)
                        and text[b.end:words[i + longest + 1].start] == "-"
                        and capitalised(words[i + longest + 1].text)):
                    break
                longest += 1
                if longest >= tuning.MAX_WORDS:
                    return longest - 1
            longest += 1
        return longest

    def _span_at(self, text: str, words: list[Word], i: int,
                 protected: Collection[int]) -> _Span | None:
        """The longest span from word ``i`` that reads as a place name, or None."""
        for n in range(self._longest(text, words, i), 0, -1):
            last = i + n - 1
            if last >= len(words) or any(j in protected for j in range(i, last + 1)):
                continue
            if n > 1 and any(words[j].text.lower() in UNIT_WORDS for j in range(i, last + 1)):
                continue  # "Donetsk Oblast": the unit word is read after the name, never inside
            start, end = words[i].start, words[last].end
            if not (delimiter(text, start - 1) and delimiter(text, end)):
                continue  # a name stands between spaces or punctuation, not in binary noise
            if in_code_token(text, start, end):
                continue  # part of a URL, address, file name or hashtag
            surface = text[start:end]
            if len(surface) < 3 or len(surface) > tuning.MAX_NAME_CHARS:
                continue
            if n > 1 and (whole := fold(" ".join(surface.split()))) in \
                    self.gaz.words.places_abroad() and whole not in self.gaz.known_forms():
                # Stary Oskol, Nizhny Novgorod: a town abroad, and none of its words is a place
                self._abroad_until = end
                return None
            if surface.isupper() and len(surface) > 1 and \
                    fold(" ".join(surface.split())) not in self.gaz.known_forms():
                continue  # ALL CAPS is a headline or a code (GLOBIGNORE): only an exact name
            found = self._read(text, words, i, last)
            if found is not None:
                return found if found.end >= 0 else None
        return None

    def _read(self, text: str, words: list[Word], i: int, last: int) -> _Span | None:
        """Resolve the span of words ``i``..``last``: None to try a shorter one, a span with
        ``end == -1`` to stop here (a guard ruled it out), else the span."""
        start, end = words[i].start, words[last].end
        surface = text[start:end]
        unit_word = self._unit_word_after(text, words, last)
        # "Донецька область": the Ukrainian unit word is read with the name, and belongs to
        # the span (its rewrite is "Donetsk Oblast", not "Donetsk Oblast область")
        cyrillic_unit = "" if unit_word or not has_cyrillic(surface) else \
            self._cyrillic_unit_after(text, words, last)
        decision = self._resolve_span(surface, unit_word or cyrillic_unit)
        if decision.match is None and unit_word == "region":
            # "Bakhmut region": not an oblast, so try the raion
            decision = self._resolve_span(surface, "raion")
        located = False
        if not unit_word and not cyrillic_unit:
            inside = self._in_oblast_named_after(text, end, decision)
            if inside is not None:
                decision, located = inside, True
        match = decision.match
        if match is None and not decision.ranked:
            return None
        if last > i and not self._several_words(words, i, last, match):
            return None
        stop = _Span(i, last, start, -1, unit_word, decision)
        if self._guarded(self._resolved_guards, SpanView(
                self, text, words, i, last, match, decision.folded, unit_word)):
            return stop
        if match is None and decision.ranked[0].score < tuning.WEAK_SPAN_SCORE:
            return None
        if cyrillic_unit and match is not None \
                and match.unit.category == CYRILLIC_UNIT_WORDS[cyrillic_unit.lower()]:
            last, end = last + 1, words[last + 1].end
        elif cyrillic_unit:
            return None  # "Донецьк область" is no city (and no oblast spelt so)
        if has_cyrillic(surface) and self._prose_of(text).around(start, end):
            # Ukrainian or Russian prose, not a name left untranslated in English text: its
            # words are inflected (Бахмуті) and its common words near village names (Сили,
            # Shyly), so only an exact name is reported, and it keeps its spelling
            if match is None or not match.exact or match.unit.category not in _PROSE_KINDS \
                    or not _ATTESTED_CYRILLIC.intersection(match.sources):
                return stop
            return _Span(i, last, start, end, unit_word, decision, rewrite=False)
        # "Ivano - Frankivsk": the name's first word stands before the span, and rewriting the
        # span to the whole name would write it twice
        rewrite = match is None or not repeats_before(text, start, surface, match.name)
        return _Span(i, last, start, end, unit_word, decision, rewrite=rewrite, located=located)

    def _in_oblast_named_after(self, text: str, end: int, nationwide: Decision
                               ) -> Decision | None:
        """"Zolochiv in Kharkiv region", "Kamianske and Stepnohirsk in Zaporizhzhia region",
        "Lyman, Donetsk Oblast": the text puts the name in an oblast. The decision among the
        candidates inside it (namesakes chosen with the oblast as context; none accepted: no
        match, never a namesake outside), or None: no oblast named, or none of the name's
        candidates lies in it. (The candidates are the name's own, not a search of the
        oblast's units as ``resolve(name, oblast=...)`` makes: running text pays no index
        built for areas.)"""
        after = _OBLAST_AFTER.match(text, end, min(len(text), end + _OBLAST_AFTER_CHARS))
        if after is None or not nationwide.ranked:
            return None
        oblast = self.engine.span_decision(f"{after.group(1)} oblast", self.score_cutoff).match
        where = self.gaz.index_of(oblast.id) if oblast is not None and \
            oblast.unit.category == schema.OBLAST else None
        if where is None:
            return None
        inside = tuple(r for r in nationwide.ranked if r.oblast_index == where)
        if not inside:
            return None
        return self.engine.redecide(
            Decision(nationwide.query, nationwide.folded, None, inside), self.score_cutoff,
            frozenset({where}))

    def _resolve_span(self, surface: str, unit_word: str) -> Decision:
        name = " ".join(surface.split()) + (" " + unit_word if unit_word else "")
        return self.engine.span_decision(name, self.score_cutoff)

    def _several_words(self, words: list[Word], i: int, last: int, match: Match | None) -> bool:
        """Several words are taken together only when they clearly resolve, and not when each
        is a common word (a capitalised English phrase); one may be when the name is written
        as a source or a romanisation writes it (Nova Kakhovka, Novy Bug), not garbled (New
        York is no Niu-York)."""
        common = [fold(words[j].text) in self.gaz.words.common_words()
                  for j in range(i, last + 1)]
        need = tuning.MULTIWORD_COMMON_SCORE if any(common) else tuning.MULTIWORD_SCORE
        return not (match is None or match.score < need
                    or len(match.matched.split()) != last - i + 1 or all(common))

    def _with_context(self, span: _Span, hints: frozenset[int]) -> Match | None:
        """Re-decide a span in the light of the other places the text names: the namesake
        choice and the same place named elsewhere can change (see match.decide)."""
        best = span.match
        if not hints or not span.ranked or span.located:
            return best
        hinted = bool(hints.intersection(
            r.index for r in span.ranked if best is None or r.id != best.id))
        if best is None and not hinted:
            return None
        if best is not None and not hinted and best.unit.category != schema.RAION and not any(
                r.name == best.name and r.id != best.id for r in span.ranked):
            return best  # (a raion may yield to a city district the context puts in its city)
        own = self.gaz.index_of(best.id) if best is not None else None
        others = hints - {own} if own in hints else hints
        match = self.engine.redecide(span.decision, self.score_cutoff, others).match
        return match if match is not None else best

    def _fixed_ranges(self, text: str) -> list[tuple[int, int]]:
        """Sorted (start, end) of the fixed expressions in ``text`` ('chicken Kiev')."""
        return self.gaz.words.fixed_expression_spans(text)

    def _prose_of(self, text: str) -> _Prose:
        """The lower-case words of ``text``, read once, on its first Cyrillic name."""
        if self._prose is None or self._prose.text is not text:
            self._prose = _Prose(text)
        return self._prose

    @staticmethod
    def _cyrillic_unit_after(text: str, words: list[Word], last: int) -> str:
        """The Ukrainian unit word right after a Cyrillic name ("область"), or ""."""
        if last + 1 < len(words) and adjacent(text, words, last):
            w = words[last + 1].text
            if w.lower() in CYRILLIC_UNIT_WORDS:
                return w
        return ""

    def _unit_word_after(self, text: str, words: list[Word], last: int) -> str:
        """'Donetsk region' -> 'region'; also 'the Luhansk and Donetsk regions' -> 'regions'
        for Luhansk, which shares the plural unit word of the name it is coordinated with."""
        if last + 1 < len(words) and adjacent(text, words, last):
            w = words[last + 1].text.lower()
            if w in UNIT_WORDS:
                return w
            if w in ("and", "or") and last + 3 < len(words) and \
                    adjacent(text, words, last + 1) and adjacent(text, words, last + 2) and \
                    capitalised(words[last + 2].text):
                plural = words[last + 3].text.lower()
                if plural in ("regions", "oblasts", "districts", "raions"):
                    return plural
        return ""
