"""The rewrite: what a reported span becomes (the canonical name, its separators and case kept
where the author's were right), and the cleaned text, changed only inside reported spans."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..query.normalize import fold, without_invisible
from ..store import schema
from ..types import CleanResult, Edit, Match, Mention
from .tokens import WORD

__all__ = ["CYRILLIC_UNIT_WORDS", "apply", "former_names", "glosses", "repeats_before",
           "replacement", "rewrite_as"]

_SRC_SEPARATORS = re.compile("([ \\-\n\r\u00a0\u2010\u2011]+)")
_DST_SEPARATORS = re.compile("([ \\-]+)")
# the feminine adjective an oblast is named by (Donetska, Donetskaya, Kharkivska, Odeska)
_ADJECTIVE = re.compile(r"(?:sk|ck|zk)(?:a|aya|aia|aja)$")


#: the Ukrainian unit words a span written in Cyrillic takes in ("Донецька область"), with
#: the level they name; only the nominative: an inflected one is Ukrainian prose, never
#: rewritten
CYRILLIC_UNIT_WORDS = {"область": schema.OBLAST, "район": schema.RAION,
                       "громада": schema.HROMADA}
_CYRILLIC_UNIT_WORD_END = re.compile(r"\s(?:" + "|".join(CYRILLIC_UNIT_WORDS) + r")$", re.I)


def replacement(surface: str, match: Match, unit_word: str) -> str:
    """What ``clean`` writes for ``surface`` (itself when it is canonical already)."""
    unit = match.unit
    if unit.category in schema.ADMIN and _CYRILLIC_UNIT_WORD_END.search(surface):
        return rewrite_as(surface, unit.english_name)  # Донецька область -> Donetsk Oblast
    target = unit.short if unit_word and unit.short else unit.name
    if unit.category in schema.ADMIN and not unit_word:
        target = unit.short or unit.name
        if unit.category == schema.OBLAST and _ADJECTIVE.search(match.matched) and \
                not _ADJECTIVE.search(fold(unit.short)):
            # an oblast named by its adjective alone ("Donetska", "Донецька") is the oblast:
            # its short noun alone would name the city
            target = unit.english_name
    return rewrite_as(surface, target)


def rewrite_as(surface: str, target: str) -> str:
    """``target`` written in the place of ``surface``: its separators and capitals kept where
    the words agree (``surface`` itself when it is ``target`` already)."""
    # a line break inside the name stays when the word count agrees; otherwise the official
    # space or hyphen is written (Ivano Frankivsk, Bila-Tserkva)
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


def _separator(src: str, dst: str) -> str:
    """The separator a rewrite writes between two words of a name: the official one, but a
    line break stays, and so does a no-break space where the name has a space."""
    if "\n" in src or "\r" in src:
        return src
    return "\u00a0" if dst == " " and "\u00a0" in src else dst


def repeats_before(text: str, start: int, surface: str, name: str) -> bool:
    """Does the text before ``start`` end with the words ``name`` has before ``surface``'s?
    ("Ivano - Frankivsk": rewriting the span to the whole name would write it twice.)"""
    dst = _DST_SEPARATORS.split(name)[::2]
    extra = dst[:len(dst) - len(_SRC_SEPARATORS.split(surface)[::2])]
    if not extra:
        return False
    before = WORD.findall(text, max(0, start - 16 * len(extra) - 24), start)[-len(extra):]
    return [fold(w) for w in before] == [fold(w) for w in extra]


def glosses(text: str, found: Sequence[tuple[int, int, Match]]) -> set[int]:
    """Mentions (start, end, match) that keep their spelling because the text glosses one name
    of a place with another in brackets: "Artemovsk (Bakhmut)", "Bakhmut (Artemivsk)".
    Rewritten, the author's gloss would read "Bakhmut (Bakhmut)". The bracketed one keeps its
    text; the first does too when the bracketed one is already canonical."""
    kept: set[int] = set()
    for k in range(len(found) - 1):
        (_, a_end, ma), (b_start, b_end, mb) = found[k], found[k + 1]
        if ma.id != mb.id or text[a_end:b_start] not in ("(", " (") \
                or text[b_end:b_end + 1] != ")":
            continue
        kept.add(k + 1)
        if fold(text[b_start:b_end]) == fold(mb.name):
            kept.add(k)
    return kept


# The text speaks of a name as a name, not of the place: what follows is an old name ("Bakhmut,
# formerly Artemovsk", "its Soviet-era name Artemovsk"); rewritten, the sentence would say the
# place was once called what it is called today.
_OLD_NAME_BEFORE = re.compile(
    r"(?:\bformerly|\bpreviously|\bonce (?:called|named|known as)|\bthen (?:called|named)|"
    r"\brenamed from|\bknown (?:until|before) \d{4} as|"
    r"\b(?:former|old|historic(?:al)?|Soviet(?:-era)?|Russian|Russified|tsarist) names?"
    r"(?: of| was)?|\bf/k/a)[\s:,\"'\u201c\u2018\u00ab(]*$", re.IGNORECASE)
# ... or what follows is the name the place bears today ("Artemovsk (now Bakhmut)"), and the
# old one before it keeps its spelling
_NEW_NAME_BETWEEN = re.compile(
    r"[\s,(\u2014\u2013-]+(?:now|today|renamed|since renamed|later renamed|now called|"
    r"now named|renamed in \d{4}(?: as| to)?|renamed(?: as| to))[\s:\"'\u201c\u2018]+$",
    re.IGNORECASE)


# A renaming told in a sentence: "X became Y", "renamed X (in Z region) to Y", "X and W were
# renamed Y and V", "X was renamed": a known name (not a slip) given so keeps its spelling.
_RENAMING_CUE = re.compile(r"\b(?:renam(?:ed|es|e|ing)|became|becomes|now|to|into|new names?)\b",
                           re.IGNORECASE)
_RENAMED_BEFORE = re.compile(r"\brenam(?:ed|es|e|ing)[\s:\"'\u201c\u2018]+$", re.IGNORECASE)
_RENAMED_AFTER = re.compile(
    r"[^.;!?\n]{0,60}?\b(?:was|were|has been|have been|had been|will be|to be|got|be) renamed\b",
    re.IGNORECASE)
_LOCATOR_BEFORE = re.compile(r"\bin\s+$")
#: the farthest apart, in characters, two names of a place in one renaming may stand
_RENAMING_SPAN = 120
_SENTENCE_END = re.compile(r"[.;!?]\s|\n")


def former_names(text: str, found: Sequence[tuple[int, int, Match]]) -> set[int]:
    """Mentions (start, end, match) the text gives as a place's old name, which keep their
    spelling: after "formerly", "once called", "Soviet-era name" and the like, or before
    ", now" or "(renamed" and the same place's name; or a known name (exact, not a slip) in a
    renaming the sentence tells: before "became", "renamed ... to", "to", "now" and the same
    place's name, right after "renamed" with the same place named later, or before "was
    renamed"."""
    kept = {k for k, (start, _, _) in enumerate(found)
            if _OLD_NAME_BEFORE.search(text, max(0, start - 40), start)}
    for k in range(len(found) - 1):
        (_, a_end, ma), (b_start, _, mb) = found[k], found[k + 1]
        if ma.id == mb.id and b_start - a_end <= 40 and \
                _NEW_NAME_BETWEEN.fullmatch(text, a_end, b_start):
            kept.add(k)
    for k, (a_start, a_end, ma) in enumerate(found):
        if k in kept or not ma.exact:
            continue
        if _RENAMED_AFTER.match(text, a_end) and not _LOCATOR_BEFORE.search(
                text, max(0, a_start - 4), a_start):
            # ("Krasnograd in Kharkov region was renamed": the oblast only locates it)
            kept.add(k)
            continue
        # (the next mention of the same place, within reach, tells: linear in mentions)
        for b_start, _, mb in found[k + 1:]:
            if b_start - a_end > _RENAMING_SPAN:
                break
            if mb.id != ma.id:
                continue
            between = text[a_end:b_start]
            if not _SENTENCE_END.search(between) and (
                    _RENAMED_BEFORE.search(text, max(0, a_start - 12), a_start)
                    or _RENAMING_CUE.search(between)):
                kept.add(k)
            break
    return kept


def apply(text: str, mentions: Sequence[Mention]) -> CleanResult:
    """``text`` with each mention's replacement written in, and the edits made."""
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
