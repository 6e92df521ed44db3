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

from .api import Toponorm
from .settings import Settings
from .tuning import CUTOFF

__all__ = ["ToponormComponent", "make_toponorm"]

for _name in ("toponorm_name", "toponorm_unit", "toponorm_match"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


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
            span._.toponorm_name = m.replacement
            span._.toponorm_unit = m.place.unit
            span._.toponorm_match = m.place
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
