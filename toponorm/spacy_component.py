"""A spaCy pipeline component: ``nlp.add_pipe("toponorm")`` (registered by entry point, so
importing toponorm is not needed) marks every Ukrainian place name as an entity span.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("toponorm")
    >>> [(e.text, e.kb_id_, e._.toponorm_name) for e in nlp("Shelling near Baghmud, Ukraine").ents]
    [('Baghmud', 'UA14020010010059145', 'Bakhmut')]

Each span has the label ``GPE`` (spaCy's label for places with a government; set another with
the ``label`` setting), ``kb_id_`` the KATOTTG code, and the extensions ``toponorm_name``
(what ``clean`` writes there), ``toponorm_unit`` (the ``Unit``) and ``toponorm_match`` (the
``Match``, with its score, steps and sources). Entities set before (by a trained NER) stay
unless a place overlaps them: then the place wins when ``overwrite_ents`` is true (default),
else theirs. One document never changes another's result.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import get as _get
from .api import Toponorm
from .settings import Settings
from .tuning import CUTOFF
from .types import Match, Step, Unit

__all__ = ["ToponormComponent", "make_toponorm"]

#: A Doc keeps each place's record in ``user_data`` as plain data (str, numbers, lists), so
#: that it serialises with the Doc (``to_bytes``, ``DocBin``, ``nlp.pipe(n_process=2)``);
#: the extensions rebuild the ``Unit`` and ``Match`` from it.
_KEY = "toponorm"


def _record(span: Span) -> dict[str, Any] | None:
    return span.doc.user_data.get(f"{_KEY}:{span.start_char}:{span.end_char}")


def _name(span: Span) -> str | None:
    record = _record(span)
    return None if record is None else record["name"]


def _unit(span: Span) -> Unit | None:
    return None if _record(span) is None else _get(span.kb_id_)


def _match(span: Span) -> Match | None:
    record = _record(span)
    unit = _unit(span)
    if record is None or unit is None:
        return None
    m = record["match"]
    alternatives = tuple(u for u in map(_get, m["alternatives"]) if u is not None)
    return Match(unit, m["query"], m["matched"], m["score"],
                 tuple(Step(a, d) for a, d in m["steps"]), tuple(m["sources"]),
                 m["namesakes"], m["exact"], alternatives, m["confidence"])


def _as_record(replacement: str, match: Match) -> dict[str, Any]:
    return {"name": replacement, "match": {
        "query": match.query, "matched": match.matched, "score": match.score,
        "steps": [[s.action, s.detail] for s in match.steps], "sources": list(match.sources),
        "namesakes": match.namesakes, "exact": match.exact,
        "alternatives": [u.id for u in match.alternatives], "confidence": match.confidence}}


for _ext, _getter in (("toponorm_name", _name), ("toponorm_unit", _unit),
                      ("toponorm_match", _match)):
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, getter=_getter)


class ToponormComponent:
    """Finds the places of each Doc's text with one ``Toponorm`` (built once per pipeline)."""

    def __init__(self, name: str = "toponorm", *, label: str = "GPE",
                 score_cutoff: float = CUTOFF, about_ukraine: bool | None = None,
                 overwrite_ents: bool = True) -> None:
        self.name = name
        self.label = label
        self.overwrite_ents = overwrite_ents
        self.toponorm = Toponorm(Settings(score_cutoff=score_cutoff, about_ukraine=about_ukraine))

    def __call__(self, doc: Doc) -> Doc:
        places = []
        for m in self.toponorm.find(doc.text):
            span = doc.char_span(m.start, m.end, label=self.label, kb_id=m.place.id,
                                 alignment_mode="expand")
            if span is None:
                continue
            doc.user_data[f"{_KEY}:{span.start_char}:{span.end_char}"] = _as_record(
                m.replacement, m.place)
            places.append(span)
        theirs = list(doc.ents)
        ordered = places + theirs if self.overwrite_ents else theirs + places
        # (filter_spans keeps the longest; among equals the first given)
        doc.ents = sorted(filter_spans(ordered), key=lambda s: s.start)
        return doc


@Language.factory("toponorm", default_config={
    "label": "GPE", "score_cutoff": CUTOFF, "about_ukraine": None, "overwrite_ents": True})
def make_toponorm(nlp: Language, name: str, label: str, score_cutoff: float,
                  about_ukraine: Any, overwrite_ents: bool) -> ToponormComponent:
    return ToponormComponent(name, label=label, score_cutoff=score_cutoff,
                             about_ukraine=about_ukraine, overwrite_ents=overwrite_ents)
