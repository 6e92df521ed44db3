"""One name through the matching stages: evidence, ranking, decision. Context-free; the caller
re-decides on the same evidence with the places a context names."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .. import tuning
from ..store.gazetteer import Gazetteer
from .area import Area, FieldTable, field_evidence
from .decide import BonusOf, Decision, Field, Reason, decide, decide_in_area, not_a_garble
from .evidence import Evidence, Scored, keep_better
from .rank import Ranked, rank

__all__ = ["Analysis", "analyse", "decide_in", "ranked_candidates", "redecide"]


@dataclass(frozen=True, slots=True)
class Analysis:
    """The evidence gathered for a query and the context-free decision made on it."""

    evidence: Evidence
    decision: Decision


def analyse(gaz: Gazetteer, name: object, score_cutoff: float = tuning.CUTOFF) -> Analysis:
    """Gather the evidence (the fuzzy pass only when no strong exact form decides) and
    decide. Raises InputTypeError / InputValueError for what is no name."""
    ev = Evidence(gaz, name)
    scored, steps = ev.exact(), ev.steps
    if not any(s.exact for s in scored):
        if _is_a_word(gaz, ev.folded):
            # an English word, a name or a region named after a place is no garble: skip the
            # search
            return Analysis(ev, Decision(ev.query, ev.folded, None, (),
                                         (not_a_garble(gaz, ev.folded),)))
        scored, steps = ev.full()
    elif not any(s.exact and s.mask & ~gaz.reconstructed_mask for s in scored):
        # only a Russian name the build rebuilt fits exactly: the namesakes of the units it
        # names compete too, so a city still outranks a village of the same name (Krivyi Rig
        # is the city Kryvyi Rih, not the village whose rebuilt Russian name it is)
        scored = scored + ev.namesakes(scored)
    if not scored:
        return Analysis(ev, Decision(ev.query, ev.folded, None, (),
                                     (not_a_garble(gaz, ev.folded),)))
    ranked = rank(gaz, ev.query, steps, scored, folded=ev.folded)
    return Analysis(ev, decide(gaz, ranked, ev.query, ev.folded, score_cutoff))


def _is_a_word(gaz: Gazetteer, folded: str) -> bool:
    words = gaz.words
    return words.is_fixed_expression(folded) or (
        " " not in folded and (words.names_the_country(folded)
                               or folded in words.english_words() or words.is_demonym(folded)
                               or folded in words.given_names))


def redecide(gaz: Gazetteer, decision: Decision, score_cutoff: float, hints: Collection[int],
             bonus: BonusOf | None = None) -> Decision:
    """The decision again, on the same evidence, with the places a context names."""
    if not decision.ranked:
        return decision
    return decide(gaz, decision.ranked, decision.query, decision.folded, score_cutoff, hints,
                  bonus)


def ranked_candidates(gaz: Gazetteer, evidence: Evidence, min_score: float,
                      keep: int) -> Sequence[Ranked]:
    """Every candidate of the full evidence scoring at least ``min_score``, ranked."""
    scored, steps = evidence.full()
    scored = [s for s in scored if s.score >= min_score]
    return rank(gaz, evidence.query, steps, scored, keep=keep, folded=evidence.folded)


def decide_in(gaz: Gazetteer, evidence: Evidence, area: Area, table: FieldTable,
              score_cutoff: float, hints: Collection[int] = (),
              bonus: BonusOf | None = None) -> Decision:
    """The decision inside a named area (``table``: its units and forms, of the query's
    categories): the nationwide evidence plus a search of the area's own units, ranked inside
    and outside apart (see match.area and decide_in_area)."""
    scored, steps = evidence.full()
    merged: dict[int, Scored] = {s.index: s for s in scored}
    for s in field_evidence(gaz, evidence.folded, table):
        keep_better(gaz, merged, s, s.exact)
    inside: list[Scored] = []
    outside: list[Scored] = []
    for s in merged.values():
        (inside if area.contains(gaz, s.index) else outside).append(s)
    n = len(table.members)
    field = Field(area.relief(gaz, n), tuning.FIELD_KEY_SLACK if n <= tuning.FIELD_SLACK_UNITS
                  else 0, area.floor(n), n)
    q, folded = evidence.query, evidence.folded
    decision = decide_in_area(gaz, rank(gaz, q, steps, inside, folded=folded),
                              rank(gaz, q, steps, outside, folded=folded), q, folded,
                              score_cutoff, field, area.label, hints, bonus)
    return _unless_the_area_is_ambiguous(gaz, decision, area)


def _unless_the_area_is_ambiguous(gaz: Gazetteer, decision: Decision, area: Area) -> Decision:
    """A level named by a name several units bear ("Zolochivska hromada": one in Lviv oblast,
    one in Kharkiv oblast) leaves the area a union: if the answer's name is also borne inside
    another of those units, which one the caller meant is unknown."""
    m = decision.match
    if m is None:
        return decision
    index = gaz.index_of(m.id)
    for level in area.levels():
        if len(level) < 2 or index is None:
            continue
        mine = level & {index, *gaz.parent_indexes(index)}
        elsewhere = [r for r in decision.ranked if r.name == m.name and r.id != m.id
                     and area.contains(gaz, r.index)
                     and not (level & {r.index, *gaz.parent_indexes(r.index)}) & mine]
        if elsewhere:
            return Decision(decision.query, decision.folded, None, decision.ranked, (Reason(
                "ambiguous", f"ambiguous: {len(level)} units answer to the name given "
                             f"({area.label}), and {m.name} lies in more than one of them; "
                             f"name the oblast to choose"),))
    return decision
