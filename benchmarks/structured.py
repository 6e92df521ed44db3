"""Names with their admin parents, as event datasets (ACLED-, UCDP-style) and humanitarian
tables give them, and garbles by the noise models of ``noise_models``: how often
``resolve(name, oblast=..., raion=..., hromada=...)`` gets the exact unit, against a naive
rapidfuzz extractOne limited to the same area.

Built from the codifier alone (units, their forms and parents); nothing here is read from the
eval corpora."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from noise import garble_with_ops
from noise_models import HELD_OUT, garble_by
from rapidfuzz import fuzz, process

from toponorm import Toponorm, Unit
from toponorm.query.normalize import fold

KINDS = {"M": "city", "X": "settlement", "C": "village"}
__all__ = ["HELD_OUT", "baseline", "event_cases", "garbled_cases", "reliability", "run",
           "same_name_and_kind",
           "share"]
#: the ways a dataset writes an admin unit (English, adjectival KMU, Cyrillic, KATOTTG id)
ADMIN_STYLES = ("english", "adjectival", "cyrillic", "id")
_WORD = {"O": ("Oblast", "oblast", "область"), "P": ("Raion", "raion", "район"),
         "H": ("hromada", "hromada", "громада")}


@dataclass(frozen=True)
class Case:
    query: str
    truth: Unit
    kind: str
    how: str  # how the name was spelt: official, romanisation, former, phonetic, keyboard-ocr...
    oblast: str
    raion: str
    hromada: str


def admin_text(u: Unit, style: str) -> str:
    """A unit of the hierarchy as a dataset writes it."""
    english, _, cyrillic = _WORD[u.category]
    if style == "id":
        return u.id
    if style == "cyrillic":
        return f"{u.name_uk} {cyrillic}"
    if style == "adjectival":
        return u.name  # the canonical name: "Donetska oblast", "Bakhmutskyi raion"
    return f"{u.short} {english}"


def _units(tn: Toponorm) -> dict[str, list[Unit]]:
    by_cat: dict[str, list[Unit]] = defaultdict(list)
    for u in tn.gazetteer.units():
        if u.category in KINDS and u.oblast and u.raion and u.hromada:
            by_cat[u.category].append(u)
    return by_cat


def _other_form(tn: Toponorm, u: Unit, rng: random.Random, wanted: Callable[[str], bool]
                ) -> str | None:
    gaz = tn.gazetteer
    i = gaz.index_of(u.id)
    assert i is not None
    own = fold(u.name)
    forms = sorted(f for f, m in gaz.forms_of(i)
                   if f != own and any(wanted(t) for t in gaz.tag_names(m)))
    return rng.choice(forms).title() if forms else None


def _spelling(tn: Toponorm, u: Unit, rng: random.Random) -> tuple[str, str]:
    """How an event dataset might spell the unit, and which way it was chosen."""
    roll = rng.random()
    if roll < 0.25:
        form = _other_form(tn, u, rng, lambda t: t.startswith(("uk:", "ru:", "russian-name:g")))
        if form:
            return form, "romanisation"
    elif roll < 0.35:
        form = _other_form(tn, u, rng, lambda t: t == "former-name")
        if form:
            return form, "former"
    elif roll < 0.65:
        return garble_by("phonetic", u.name, rng)[0], "phonetic"
    return u.name, "official"


def event_cases(tn: Toponorm, rng: random.Random, per_kind: int) -> list[Case]:
    """Units of each kind with their parents written in a random style each."""
    out = []
    for cat, units in sorted(_units(tn).items()):
        for u in rng.sample(sorted(units, key=lambda x: x.id), per_kind):
            q, how = _spelling(tn, u, rng)
            assert u.oblast and u.raion and u.hromada
            out.append(Case(q, u, KINDS[cat], how, admin_text(u.oblast, rng.choice(ADMIN_STYLES)),
                            admin_text(u.raion, rng.choice(ADMIN_STYLES)),
                            admin_text(u.hromada, rng.choice(ADMIN_STYLES))))
    return out


def garbled_cases(tn: Toponorm, rng: random.Random, per_kind: int, model: str) -> list[Case]:
    """Official names garbled once by ``model`` ("training" is noise.py at level 1)."""
    out = []
    for cat, units in sorted(_units(tn).items()):
        for u in rng.sample(sorted(units, key=lambda x: x.id), per_kind):
            if model == "training":
                q = garble_with_ops(u.name, rng, 1)[0]
            else:
                q = garble_by(model, u.name, rng)[0]
            assert u.oblast and u.raion and u.hromada
            out.append(Case(q, u, KINDS[cat], model, u.oblast.id, u.raion.id, u.hromada.id))
    return out


#: what each setting passes to resolve()
SETTINGS = {
    "bare": lambda c: {},
    "oblast": lambda c: {"oblast": c.oblast},
    "raion+oblast": lambda c: {"oblast": c.oblast, "raion": c.raion},
    "full": lambda c: {"oblast": c.oblast, "raion": c.raion, "hromada": c.hromada},
    "context string": lambda c: {"context": f"{c.hromada}, {c.raion}, {c.oblast}"},
}


def run(tn: Toponorm, cases: list[Case], setting: str, by_name: bool = False,
        pairs: list[tuple[float, bool]] | None = None) -> Counter:
    """right / wrong / abstained, overall and by kind (``("city", "right")``...), and
    "namesakes" for the abstentions that left several units of the right name. ``by_name``:
    right when the name is right (a bare name cannot choose among namesakes). ``pairs``
    receives (Match.confidence, the unit is right) of every answer."""
    out: Counter = Counter()
    kwargs = SETTINGS[setting]
    for c in cases:
        d = tn.decide(c.query, **kwargs(c))
        m = d.match
        if by_name:
            right = m is not None and m.name == c.truth.name
        else:
            right = m is not None and m.id == c.truth.id
        verdict = "abstained" if m is None else "right" if right else "wrong"
        if m is not None and pairs is not None and m.confidence is not None:
            pairs.append((m.confidence, m.id == c.truth.id))
        if m is None and d.reasons and d.reasons[0].code == "ambiguous" and any(
                r.id == c.truth.id for r in d.ranked):
            out["namesakes"] += 1
        out[verdict] += 1
        out[(c.kind, verdict)] += 1
        out[(c.how, verdict)] += 1
    return out


def same_name_and_kind(tn: Toponorm, cases: list[Case], level: str) -> int:
    """How many rows name a unit that shares its name and category with another unit of its
    ``level`` ("oblast", "raion" or "hromada"): with only that level named, nothing in the row
    tells them apart, so an answer there is a guess."""
    gaz = tn.gazetteer
    units = (gaz.unit(i) for i in range(len(gaz)))
    count = Counter((getattr(u, level).id, u.name, u.category) for u in units
                    if getattr(u, level) is not None)
    return sum(1 for c in cases
               if count[(getattr(c.truth, level).id, c.truth.name, c.truth.category)] > 1)


def baseline(tn: Toponorm, cases: list[Case], level: str) -> Counter:
    """A naive rapidfuzz extractOne (WRatio) over the canonical names of the units inside the
    case's oblast (or hromada); right when it returns the unit itself."""
    gaz = tn.gazetteer
    out: Counter = Counter()
    pools: dict[str, tuple[list[str], list[int]]] = {}
    for c in cases:
        parent = c.truth.oblast if level == "oblast" else c.truth.hromada
        assert parent is not None
        if parent.id not in pools:
            pi = gaz.index_of(parent.id)
            assert pi is not None
            members = [i for i in gaz.members(pi) if gaz.category(i) in KINDS]
            pools[parent.id] = [fold(gaz.canonical(i)) for i in members], members
        names, members = pools[parent.id]
        hit = process.extractOne(fold(c.query), names, scorer=fuzz.WRatio)
        right = hit is not None and gaz.unit_id(members[hit[2]]) == c.truth.id
        out["right" if right else "wrong"] += 1
        out[(c.kind, "right" if right else "wrong")] += 1
    return out


def share(counts: Counter, verdict: str, kind: str | None = None) -> str:
    keys = ("right", "wrong", "abstained")
    if kind is None:
        n = sum(counts[k] for k in keys)
        return f"{100 * counts[verdict] / n:.1f}%" if n else "-"
    n = sum(counts[(kind, k)] for k in keys)
    return f"{100 * counts[(kind, verdict)] / n:.1f}%" if n else "-"


def reliability(pairs: list[tuple[float, bool]], bins: int = 10) -> list[list[str]]:
    """Rows of (bin, answers, mean confidence, share right, gap in points)."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        got = [(p, y) for p, y in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if got:
            predicted = sum(p for p, _ in got) / len(got)
            observed = sum(y for _, y in got) / len(got)
            out.append([f"{lo:.1f}-{hi:.1f}", str(len(got)), f"{predicted:.3f}",
                        f"{observed:.3f}", f"{100 * (observed - predicted):+.1f}"])
    return out
