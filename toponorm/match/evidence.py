"""The evidence for one query: every unit a form of the query points to, with its score.

Two passes, each run at most once per query: the exact pass (the folded query in the
indexes) and, only when someone needs it, the fuzzy pass (phonetic and letter-edit
neighbours, and the letters a cut script leak lost) that adds to the exact one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz.process import extract

from .. import tuning
from ..query.normalize import fold, fold_cyrillic
from ..query.phonetic import distance as key_distance
from ..query.phonetic import key as phonetic_key
from ..query.prepare import Prepared, prepare, split_unit_word
from ..query.translit import has_cyrillic, has_ukrainian_letters, kmu2010, russian_simple
from ..store import schema
from ..store.gazetteer import Gazetteer
from ..types import Step
from .candidates import generate
from .leakgap import fill_leak_gap
from .score import has_surname_ending, similarity

__all__ = ["Evidence", "Scored", "keep_better", "weighed", "witness_merit"]

_RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")


@dataclass(slots=True)
class Scored:
    """One unit a form of the query points to."""

    index: int
    score: float
    form: str
    mask: int
    exact: bool
    rank: float = 0.0
    order: float = 0.0  # rank plus what only orders, never decides (see rank.rank)

    def copy(self) -> Scored:
        # (several times faster than dataclasses.replace, and made for every candidate ranked)
        return Scored(self.index, self.score, self.form, self.mask, self.exact, self.rank,
                      self.order)


class Evidence:
    """The scored units for one query; ``exact()`` and ``full()`` each run once."""

    def __init__(self, gaz: Gazetteer, name: object) -> None:
        self.gaz = gaz
        self.prepared: Prepared = prepare(name)
        self.query = str(name)
        steps = list(self.prepared.steps)
        self._cyrillic: dict[int, Scored] = {}
        if has_cyrillic(self.prepared.text):
            base, self.categories = split_unit_word(fold_cyrillic(self.prepared.text))
            hits, latin = _score_cyrillic(gaz, base, self.categories, steps)
            self._cyrillic = {s.index: s for s in hits}
            self.folded = fold(latin)
        else:
            self.folded, self.categories = split_unit_word(fold(self.prepared.text))
            if self.categories:
                steps.append(Step("unit-word", self.categories))
        self.steps: tuple[Step, ...] = tuple(steps)
        self._exact: dict[int, Scored] | None = None
        self._full: tuple[list[Scored], tuple[Step, ...]] | None = None

    def exact(self) -> list[Scored]:
        """The units the query's own form points to (Cyrillic or Latin)."""
        if self._exact is None:
            self._exact = self._cyrillic or _score_latin(
                self.gaz, self.folded, self.categories, fuzzy=False)
        return list(self._exact.values())

    def full(self) -> tuple[list[Scored], tuple[Step, ...]]:
        """The exact pass plus the fuzzy neighbours, and the steps with the leak gap's."""
        if self._full is None:
            self.exact()
            assert self._exact is not None
            base = {i: s.copy() for i, s in self._exact.items()}
            if self._cyrillic:
                scored = list(base.values())
            else:
                # (a raion-or-district query rescored whole: the exact pass has already
                # moved its city districts behind the raion, and would move them twice)
                pb = self.categories == schema.RAION + schema.CITY_DISTRICT
                scored = list(_score_latin(self.gaz, self.folded, self.categories, fuzzy=True,
                                           base=None if pb else base).values())
            steps = list(self.steps)
            if self.prepared.leaked:
                fill_leak_gap(self.gaz, self.query, scored, steps)
            self._full = scored, tuple(steps)
        return self._full

    def namesakes(self, scored: list[Scored]) -> list[Scored]:
        """The units that share a scored unit's name and are not scored yet, scored by that
        name's official form."""
        gaz, categories = self.gaz, self.categories
        seen = {s.index for s in scored}
        out = []
        for name in {gaz.canonical(s.index) for s in scored}:
            form = fold(name)
            score = similarity(self.folded, form)
            for u, m in gaz.latin(form):
                if u not in seen and (not categories or gaz.category(u) in categories):
                    seen.add(u)
                    out.append(Scored(u, score, form, m, False))
        return out


def _score_latin(gaz: Gazetteer, folded: str, categories: str, fuzzy: bool,
                 base: dict[int, Scored] | None = None) -> dict[int, Scored]:
    """Units by index; with ``base`` (the exact pass), the fuzzy pass adds to it."""
    scored = dict(base or {})
    if categories == schema.RAION + schema.CITY_DISTRICT:
        return _raion_or_district(gaz, folded, fuzzy, scored)
    if categories and all(c in schema.ADMIN for c in categories):
        return _admin_units(gaz, folded, categories, fuzzy, scored)
    _score_forms(gaz, folded, categories, fuzzy, scored, exact_too=base is None)
    if not categories and not any(s.exact for s in scored.values()):
        # an oblast's short form that names no city is the oblast: Crimea, Volyn, Zakarpattia
        # (Donetsk, Kharkiv are the cities)
        for u, m in gaz.short_form(folded):
            if gaz.category(u) == schema.OBLAST:
                scored[u] = Scored(u, tuning.EXACT_SCORE, folded, m, True)
    return scored


def _raion_or_district(gaz: Gazetteer, folded: str, fuzzy: bool,
                       scored: dict[int, Scored]) -> dict[int, Scored]:
    """A raion by its short form (Bakhmut district) or name, a city district by its name
    (Kyivskyi district); where a raion bears the name exactly, city districts of that name stay
    only as exact alternatives that context may choose (Kherson's Dniprovskyi district), a few
    points behind (Pokrovskyi raion is the raion)."""
    def part(category: str) -> dict[int, Scored]:
        mine = {i: s for i, s in scored.items() if gaz.category(i) == category}
        return _score_latin(gaz, folded, category, fuzzy, mine if scored else None)
    raions, districts = part(schema.RAION), part(schema.CITY_DISTRICT)
    if any(r.exact for r in raions.values()):
        districts = {i: replace(d, score=d.score - tuning.CITY_DISTRICT_YIELDS, exact=False)
                     for i, d in districts.items() if d.exact}
    return {**raions, **districts}


def _admin_units(gaz: Gazetteer, folded: str, categories: str, fuzzy: bool,
                 scored: dict[int, Scored]) -> dict[int, Scored]:
    """"Donetsk Oblast": the short-form index names oblasts, raions and hromadas."""
    if not scored:
        for u, m in gaz.short_form(folded):
            if gaz.category(u) in categories:
                scored[u] = Scored(u, tuning.EXACT_SCORE, folded, m, True)
    if scored or not fuzzy:
        return scored
    # a name some unit bears exactly is that unit's region, not another garbled: "Khrystynivka
    # region" is no Kherson oblast, "Kamenets-Podolsky region" (the city's Russian name) is
    # Kamianets-Podilskyi raion
    bearers = {fold(gaz.canonical(u)) for u, _ in gaz.latin(folded)}
    named = {u for b in bearers for u, _ in gaz.short_form(b)}
    qk = phonetic_key(folded)
    for form in _short_forms_near(gaz, folded):
        s = similarity(folded, form, qk)
        for u, m in gaz.short_form(form):
            if bearers and u not in named:
                continue
            if gaz.category(u) in categories and (u not in scored or s > scored[u].score):
                scored[u] = Scored(u, s, form, m, False)
    return scored


def _score_forms(gaz: Gazetteer, folded: str, categories: str, fuzzy: bool,
                 scored: dict[int, Scored], exact_too: bool) -> None:
    """Score every candidate form's units into ``scored``, keeping each unit's best witness."""
    qk = phonetic_key(folded)
    # A reconstructed Russian name follows regular correspondences (Юрівка -> Юровка) and is
    # good evidence, except for a word shaped like a surname: Lavrov is a person before it is
    # Лаврів read the Russian way.
    weak = gaz.weak_mask if has_surname_ending(folded) else gaz.unattested_mask
    rebuilt = gaz.reconstructed_mask
    for cand in generate(gaz, folded, fuzzy=fuzzy, exact_too=exact_too):
        postings = gaz.latin(cand.form)
        found_exactly = cand.key_distance < 0
        # the sounds are compared in the reading of the query that found the form
        base = tuning.EXACT_SCORE if found_exactly else similarity(
            folded, cand.form, cand.key or qk, cand.form_key or None,
            reconstructed=any(m & rebuilt for _, m in postings))
        for u, m in postings:
            if categories and gaz.category(u) not in categories:
                continue
            keep_better(gaz, scored, weighed(u, cand.form, base, m, found_exactly, weak),
                        found_exactly)


def weighed(index: int, form: str, base: float, mask: int, found_exactly: bool,
            weak: int) -> Scored:
    """A unit's evidence from a form that scored ``base``: a form only weak sources vouch for
    (GeoNames alternates, reconstructed Russian names; see schema.WEAK_TAGS) is never exact,
    and a few points down, more when the letters differ too."""
    strong = bool(mask & ~weak)
    score = base if strong else base - (
        tuning.WEAK_SOURCE_PENALTY if found_exactly else tuning.WEAK_FUZZY_PENALTY)
    return Scored(index, score, form, mask, found_exactly and strong)


def keep_better(gaz: Gazetteer, scored: dict[int, Scored], new: Scored,
                found_exactly: bool) -> None:
    """Put ``new`` in ``scored`` unless its unit already has a better witness."""
    old = scored.get(new.index)
    if old is None or witness_merit(gaz, new.score, new.mask, found_exactly) > witness_merit(
            gaz, old.score, old.mask, old.exact):
        scored[new.index] = new


def witness_merit(gaz: Gazetteer, score: float, mask: int, exact: bool) -> tuple[float, bool]:
    """Which of a unit's forms speaks for it: a near miss of a name it no longer bears (a
    GeoNames alternate, a former name) is ranked down, so its current name a little further
    away may be the better witness (Chyenihiv: chernyihiv, an alternate, scores 87.61;
    chernihiv 87.54); of equals, its official name (Khottjn: khotin, a GOST 1971 form, and
    khotyn, official, both 99)."""
    if not exact and not mask & ~gaz.alternate_mask:
        score -= tuning.FORMER_NAME_PENALTY
    return score, bool(mask & gaz.official_mask)


def _short_forms_near(gaz: Gazetteer, folded: str) -> Iterable[str]:
    # short forms are few (27k): their keys are matched against the query's directly
    table = gaz.short_keys()
    qk = phonetic_key(folded)
    for k, _, _ in extract(qk, list(table), scorer=key_distance,
                           score_cutoff=1 if len(qk) < 6 else 2, limit=None):
        yield from table[k]


def _score_cyrillic(gaz: Gazetteer, text: str, categories: str,
                    steps: list[Step]) -> tuple[list[Scored], str]:
    folded = fold_cyrillic(text)
    # oblasts, raions and hromadas by their short form (Донецька, Покровський), everything
    # else by its name; a raion's word also selects city districts, which yield to a raion of
    # the name as in the Latin pass
    admin = "".join(c for c in categories if c in schema.ADMIN)
    hits = [Scored(u, tuning.EXACT_SCORE, folded, m, True) for u, m in gaz.short_form(folded)
            if admin and gaz.category(u) in admin]
    if not categories or categories != admin:
        yields = any(gaz.category(h.index) == schema.RAION for h in hits)
        hits += [Scored(u, tuning.EXACT_SCORE - tuning.CITY_DISTRICT_YIELDS, folded, m, False)
                 if yields and gaz.category(u) == schema.CITY_DISTRICT
                 else Scored(u, tuning.EXACT_SCORE, folded, m, True)
                 for u, m in gaz.cyrillic(folded)
                 if not categories or (gaz.category(u) in categories
                                       and gaz.category(u) not in admin)]
    if hits:
        return hits, folded
    # not a known Cyrillic form: romanise it and let the Latin matcher take the drift
    russian = _RUSSIAN_ONLY.search(text) and not has_ukrainian_letters(text)
    latin = russian_simple(text) if russian else kmu2010(text)
    steps.append(Step("cyrillic-romanised", f"{latin} ({'Russian' if russian else 'KMU 2010'})"))
    return [], latin
