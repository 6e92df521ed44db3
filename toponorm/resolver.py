"""Stage 4: decide. One name in, the right unit out, or an honest ``None``.

``resolve`` wires the stages: clean the query (script leaks, look-alikes), read unit words
("Donetsk Oblast", "Bakhmut district"), romanise Cyrillic, generate candidates through the
indexes, score them, rank with priors and context, then accept or abstain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .candidates import generate
from .errors import InputValueError, require_text
from .gazetteer import Gazetteer, get_gazetteer
from .normalize import clean_query, fold, fold_cyrillic
from .phonetic import key as phonetic_key
from .scoring import CUTOFF, fuzzy_cutoff, prior, similarity
from .translit import has_cyrillic, kmu2010, russian_simple
from .types import Match, Step

__all__ = ["resolve", "candidates", "MAX_NAME_LENGTH"]

#: Points a form loses when only GeoNames alternate names vouch for it.
WEAK_SOURCE_PENALTY = 4.0

#: Share of the context's ranking points that also counts towards accepting a fuzzy match.
CONTEXT_WEIGHT = 0.4

#: The longest name ``resolve`` accepts; real names are under 40 characters.
MAX_NAME_LENGTH = 200

# Unit words in English, in Ukrainian/Russian romanisations and in Cyrillic, folded, with the
# codifier categories they select.
_UNIT_WORDS = {
    "oblast": "O", "oblasts": "O", "region": "O", "regional": "O", "province": "O",
    "obl": "O", "oblasti": "O", "oblast's": "O", "область": "O", "обл": "O",
    "raion": "P", "rayon": "P", "district": "P", "raione": "P", "район": "P",
    "hromada": "H", "community": "H", "municipality": "H", "громада": "H",
    "city": "KM", "town": "MX", "village": "C", "settlement": "X", "місто": "KM",
    "село": "C", "селище": "X", "город": "KM", "деревня": "C", "поселок": "X", "посёлок": "X",
}
_UKRAINIAN_ONLY = re.compile("[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")


@dataclass(slots=True)
class _Scored:
    index: int
    score: float
    form: str
    mask: int
    exact: bool
    rank: float = 0.0
    bonus: float = 0.0
    context: str = ""


def _prepare(name: object) -> tuple[str, list[Step]]:
    text = require_text(name, "name")
    if len(text) > MAX_NAME_LENGTH:
        raise InputValueError(
            f"name is {len(text):,} characters long; resolve() takes one place name "
            f"(at most {MAX_NAME_LENGTH}); use find() or clean() for running text")
    stripped = " ".join(text.split())
    if not stripped:
        raise InputValueError("name is empty")
    cleaned, actions = clean_query(stripped)
    steps = [Step(a, cleaned) for a in actions]
    return cleaned, steps


def _split_unit_word(folded: str) -> tuple[str, str]:
    """'donetsk oblast' -> ('donetsk', 'O'); 'city of kyiv' -> ('kyiv', 'KM')."""
    words = folded.split(" ")
    if words[0] == "the" and len(words) > 3:
        words = words[1:]
    if len(words) >= 3 and words[1] == "of" and words[0] in _UNIT_WORDS:
        return " ".join(words[2:]), _UNIT_WORDS[words[0]]
    if len(words) >= 2 and words[0] in ("м", "с", "смт", "сел"):
        return " ".join(words[1:]), "KMXC"
    if len(words) >= 2 and words[-1] in _UNIT_WORDS:
        return " ".join(words[:-1]), _UNIT_WORDS[words[-1]]
    return folded, ""


def _score_latin(gaz: Gazetteer, folded: str, categories: str, fuzzy: bool) -> list[_Scored]:
    scored: dict[int, _Scored] = {}
    units_only = categories and all(c in "OPH" for c in categories)
    if units_only:
        # "Donetsk Oblast": the short-form index names oblasts, raions and hromadas
        for u, m in gaz.short_form(folded):
            if gaz.category(u) in categories:
                scored[u] = _Scored(u, 100.0, folded, m, True)
        if not scored and fuzzy:
            qk = phonetic_key(folded)
            for form in _short_forms_near(gaz, folded):
                s = similarity(folded, form, qk)
                for u, m in gaz.short_form(form):
                    if gaz.category(u) in categories and (u not in scored or s > scored[u].score):
                        scored[u] = _Scored(u, s, form, m, False)
        return list(scored.values())
    qk = phonetic_key(folded)
    weak = gaz.weak_mask
    for cand in generate(gaz, folded, fuzzy=fuzzy):
        base = 100.0 if cand.key_distance < 0 else similarity(folded, cand.form, qk)
        for u, m in gaz.latin(cand.form):
            if categories and gaz.category(u) not in categories:
                continue
            # a form only GeoNames' alternate names vouch for is weaker evidence (they mix in
            # historical and mistaken names): never exact, and a few points down
            strong = bool(m & ~weak)
            s = base if strong else base - WEAK_SOURCE_PENALTY
            old = scored.get(u)
            if old is None or s > old.score:
                scored[u] = _Scored(u, s, cand.form, m, cand.key_distance < 0 and strong)
    return list(scored.values())


def _short_forms_near(gaz: Gazetteer, folded: str) -> Iterable[str]:
    # short forms are few (27k); their phonetic neighbours come from the main index's
    # keys, so look the query's key up among the short forms' own keys lazily
    from rapidfuzz.process import extract

    table = _short_keys(gaz)
    qk = phonetic_key(folded)
    for k, _, _ in extract(qk, list(table), scorer=_lev, score_cutoff=1 if len(qk) < 6 else 2,
                           limit=None):
        yield from table[k]


def _lev(a: str, b: str, **kw: object) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=kw.get("score_cutoff"))  # type: ignore[arg-type]


_SHORT_KEYS: dict[int, dict[str, list[str]]] = {}


def _short_keys(gaz: Gazetteer) -> dict[str, list[str]]:
    table = _SHORT_KEYS.get(id(gaz))
    if table is None:
        table = {}
        for form in gaz._short:  # noqa: SLF001  (same package)
            table.setdefault(phonetic_key(form), []).append(form)
        _SHORT_KEYS[id(gaz)] = table
    return table


def _score_cyrillic(gaz: Gazetteer, text: str, categories: str,
                    steps: list[Step]) -> tuple[list[_Scored], str]:
    folded = fold_cyrillic(text)
    index = gaz.short_form if categories and all(c in "OPH" for c in categories) else gaz.cyrillic
    hits = [_Scored(u, 100.0, folded, m, True) for u, m in index(folded)
            if not categories or gaz.category(u) in categories]
    if hits:
        return hits, folded
    # not a known Cyrillic form: romanise it and let the Latin matcher take the drift
    russian = _RUSSIAN_ONLY.search(text) and not _UKRAINIAN_ONLY.search(text)
    latin = russian_simple(text) if russian else kmu2010(text)
    steps.append(Step("cyrillic-romanised", f"{latin} ({'Russian' if russian else 'KMU 2010'})"))
    return [], latin


_FAMILIES = [("official", "official name"), ("official-cyrillic", "official name"),
             ("former-name", "former name"), ("short-name", "short form"),
             ("russian-name:geonames", "Russian name"),
             ("russian-name:reconstructed", "Russian name (reconstructed)"),
             ("geonames-latin", "GeoNames alternate name"),
             ("geonames-cyrillic", "GeoNames alternate name")]


def describe_sources(tags: Sequence[str]) -> str:
    """'former name; Russian name; 11 Russian romanisations' from the raw source tags."""
    parts = []
    for tag, label in _FAMILIES:
        if any(t == tag or t.startswith(tag + "-") for t in tags) and label not in parts:
            parts.append(label)
    for prefix, label in (("uk:", "Ukrainian"), ("ru:", "Russian")):
        systems = [t[3:] for t in tags if t.startswith(prefix)]
        if len(systems) == 1:
            parts.append(f"{label} romanisation {systems[0]}")
        elif systems:
            parts.append(f"{len(systems)} {label} romanisations")
    return "; ".join(parts)


def _context_units(gaz: Gazetteer, context: object) -> list[int]:
    """Units a context hint names: a string (parsed like running text) or Matches/Units/ids."""
    if context is None:
        return []
    out: list[int] = []
    if isinstance(context, str):
        from .textfilter import find

        for mention in find(context):
            i = gaz.index_of(mention.place.id)
            if i is not None:
                out.append(i)
        return out
    if isinstance(context, Sequence):
        for item in context:
            uid = getattr(item, "id", item)
            if isinstance(uid, str) and gaz.index_of(uid) is not None:
                out.append(gaz.index_of(uid))  # type: ignore[arg-type]
        return out
    raise TypeError("context must be a str, or a sequence of Match, Unit or KATOTTG ids")


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def context_bonus(gaz: Gazetteer, index: int, hints: Sequence[int]) -> tuple[float, str]:
    """Ranking points a candidate earns from the places a context names, and why."""
    if not hints:
        return 0.0, ""
    ob, ra, hr = gaz.parent_indexes(index)
    here = gaz.coords(index)
    best, why = 0.0, ""
    for h in hints:
        name = gaz.canonical(h)
        if h == index:
            cand = [(15.0, f"{name} is named elsewhere in the text")]
            best, why = max((best, why), cand[0])
            continue
        hob, hra, hhr = gaz.parent_indexes(h)
        cand = [(0.0, "")]
        if h in (ob, ra, hr):
            cand.append(({ob: 8.0, ra: 12.0, hr: 15.0}[h], f"inside {name}"))
        if hr >= 0 and hr == hhr:
            cand.append((15.0, f"same hromada as {name}"))
        elif ra >= 0 and ra == hra:
            cand.append((12.0, f"same raion as {name}"))
        elif ob >= 0 and ob == hob:
            cand.append((6.0, f"same oblast as {name}"))
        there = gaz.coords(h)
        if here and there:
            d = _distance_km(here, there)
            if d < 40:
                cand.append((14.0 * (1 - d / 40) + 4, f"{d:.0f} km from {name}"))
        top = max(cand)
        if top[0] > best:
            best, why = top
    return best, why


def _rank(gaz: Gazetteer, query: str, steps: list[Step], scored: list[_Scored],
          hints: Sequence[int]) -> list[tuple[Match, float, float]]:
    for s in scored:
        s.rank = s.score + prior(gaz.category(s.index), gaz.population(s.index))
        bonus, why = context_bonus(gaz, s.index, hints)
        s.rank += bonus
        s.bonus = bonus
        s.context = why
    scored.sort(key=lambda s: (-s.rank, -s.score, gaz.unit(s.index).id))
    out = []
    for s in scored:
        st = list(steps)
        if s.exact:
            st.append(Step("variant", f"{s.form}: {describe_sources(gaz.tag_names(s.mask))}"))
        else:
            st.append(Step("fuzzy", f"{s.form}: {describe_sources(gaz.tag_names(s.mask))}"))
        if s.context:
            st.append(Step("context", s.context))
        out.append((Match(unit=gaz.unit(s.index), query=query, matched=s.form, score=s.score,
                          steps=tuple(st), sources=gaz.tag_names(s.mask)), s.rank, s.bonus))
    return out


def _collect(name: object, context: object, fuzzy: bool = True
             ) -> tuple[str, list[Step], list[_Scored], list[int], str]:
    gaz = get_gazetteer()
    query, steps = _prepare(name)
    categories = ""
    if has_cyrillic(query):
        base, categories = _split_unit_word(fold_cyrillic(query))
        scored, latin = _score_cyrillic(gaz, base, categories, steps)
        folded = fold(latin)
        if not scored:
            scored = _score_latin(gaz, folded, categories, fuzzy)
    else:
        folded, categories = _split_unit_word(fold(query))
        if categories:
            steps.append(Step("unit-word", categories))
        scored = _score_latin(gaz, folded, categories, fuzzy)
    hints = _context_units(gaz, context)
    return query, steps, scored, hints, folded


def candidates(name: str, *, limit: int = 10, context: object = None,
               score_cutoff: float = 0.0) -> list[Match]:
    """Ranked candidate units for ``name``, best first; never None (maybe empty)."""
    if not isinstance(limit, int) or limit < 1:
        raise InputValueError("limit must be a positive int")
    query, steps, scored, hints, _ = _collect(name, context)
    ranked = _rank(get_gazetteer(), query, steps, scored, hints)
    return [m for m, _, _ in ranked if m.score >= score_cutoff][:limit]


def resolve(name: str, *, context: object = None, score_cutoff: float = CUTOFF
            ) -> Match | None:
    """The unit ``name`` means, or None when unsure (below the cutoff, or ambiguous).

    ``context`` is text around the name (or Matches, Units, ids) whose places narrow the choice
    between namesakes. ``score_cutoff`` is on the 0-100 scale of ``Match.score``.
    """
    gaz = get_gazetteer()
    query, steps, scored, hints, folded = _collect(name, context)
    if not scored:
        return None
    return decide(gaz, _rank(gaz, query, steps, scored, hints), folded, score_cutoff)


def decide(gaz: Gazetteer, ranked: list[tuple[Match, float, float]], folded: str,
           score_cutoff: float = CUTOFF) -> Match | None:
    """Accept the best of the ranked matches or abstain. See docs/matching.md.

    A fuzzy match is accepted when its score, plus a share of the context's support, reaches
    the cutoff for its kind; a common English word or an English proper noun is never a fuzzy
    match. Two different names that fit about equally make it abstain; namesakes the evidence
    cannot separate are counted in ``Match.namesakes``.
    """
    if not ranked:
        return None
    best, best_rank, best_bonus = ranked[0]
    exact = best.score >= 99.0
    if not exact:
        support = best.score + CONTEXT_WEIGHT * best_bonus
        if support < fuzzy_cutoff(best.unit.category, score_cutoff, folded, best.matched):
            return None
        # a common English word is not a garbled place, unless it is a place's own form
        if " " not in folded and folded in gaz.english_words():
            return None
    namesakes = 0
    for other, other_rank, _ in ranked[1:50]:
        gap = best_rank - other_rank
        if other.name == best.name:
            if gap < 1.0 and other.unit.category == best.unit.category:
                namesakes += 1
            continue
        if gap < 3.0 and not exact and other.score >= fuzzy_cutoff(
                other.unit.category, score_cutoff, folded, other.matched):
            return None  # two different names fit about as well: abstain
        if exact and other.score >= 99.0 and gap < 1.0:
            return None
    steps = best.steps
    if namesakes:
        steps = steps + (Step("namesakes", f"{namesakes} other {best.kind}s named {best.name} "
                                           "fit equally; pass context to choose"),)
    elif any(m.name == best.name for m, _, _ in ranked[1:50]):
        steps = steps + (Step("prior", "ranked above its namesakes by kind, population"
                                       " and context"),)
    return replace(best, steps=steps, namesakes=namesakes)
