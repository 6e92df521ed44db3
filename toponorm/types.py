"""The typed, immutable results toponorm returns. Their shape never depends on a flag."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .store import schema
from .store.schema import KINDS

__all__ = ["KINDS", "CleanResult", "Edit", "FormerName", "Match", "Mention", "Step", "Unit"]

# ``KINDS``: every ``kind`` a unit can have (see ``store.schema``). ``category`` keeps the
# codifier's own letter (O oblast or Crimea, K special-status city, P raion, H hromada, M city,
# X settlement, C village, B city district).


@dataclass(frozen=True, slots=True)
class FormerName:
    """A name a unit bore before, with when and the source that says so."""

    name: str  #: KMU 2010 of the former Ukrainian name
    name_uk: str
    years: str  #: "1924-2016", "until the codifier edition of 2022-2023"
    source: str  #: the legal act, codifier editions or reference it comes from


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of the KATOTTG codifier."""

    id: str  #: KATOTTG code, e.g. "UA14020010010059145"
    kind: str  #: one of ``KINDS``
    category: str  #: the codifier's category letter
    name: str  #: canonical Latin name: KMU 2010 of the official Ukrainian name
    name_uk: str  #: official Ukrainian name
    short: str  #: for oblasts, raions, hromadas: the noun used in "<short> Oblast"; else ""
    oblast_id: str | None
    raion_id: str | None
    hromada_id: str | None
    geonames_id: int | None
    lat: float | None
    lon: float | None
    population: int | None
    #: ISO 3166-2 code of an oblast, Crimea, Kyiv or Sevastopol ("UA-14"); else None
    iso_3166_2: str | None = None
    #: where ``lat``/``lon`` come from: "GeoNames" (the place itself); "hromada centroid
    #: (OCHA COD-AB)", "raion centroid ...", "mean of its hromadas' centroids ..." (an oblast);
    #: "its hromada's centroid (approximate)" for a settlement GeoNames does not have; None
    #: when there is no point
    point_source: str | None = None
    #: the units it lies in, embedded: reading them needs no gazetteer
    oblast: Unit | None = field(default=None, repr=False, compare=False)
    raion: Unit | None = field(default=None, repr=False, compare=False)
    hromada: Unit | None = field(default=None, repr=False, compare=False)
    #: names it bore before (curated renamings; codifier editions since 2021); a query in
    #: one of them resolves to this unit
    former_names: tuple[FormerName, ...] = field(default=(), repr=False, compare=False)

    @property
    def english_name(self) -> str:
        """The usual English form: "Donetsk Oblast", "Bakhmut Raion", "Soledar hromada",
        "Autonomous Republic of Crimea"; a settlement's canonical name."""
        if self.category == schema.OBLAST:
            if self.short == "Crimea":
                return "Autonomous Republic of Crimea"
            return f"{self.short} Oblast"
        if self.category == schema.RAION:
            return f"{self.short} Raion"
        if self.category == schema.HROMADA:
            return f"{self.short} hromada"
        return self.name

    @property
    def pcode(self) -> str | None:
        """The OCHA P-code humanitarian datasets use: "UA" and the first 2, 4, 7 or 10 digits
        of the codifier code, for an oblast (or Kyiv, Sevastopol), raion, hromada or
        settlement; None for a city district, which has none."""
        digits = schema.PCODE_DIGITS.get(self.category)
        return None if digits is None else self.id[:2 + digits]

    @property
    def parents(self) -> tuple[Unit, ...]:
        """Oblast, raion, hromada: those that exist, broadest first."""
        return tuple(u for u in (self.oblast, self.raion, self.hromada) if u is not None)


@dataclass(frozen=True, slots=True)
class Step:
    """One step on the way from the query to the match, e.g. ('script-leak-removed', 'Lisiansk')."""

    action: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.action}: {self.detail}" if self.detail else self.action


@dataclass(frozen=True, slots=True)
class Match:
    """A unit a query resolved to, with the score and the steps that led there."""

    unit: Unit
    query: str  #: the text that was resolved, as given
    matched: str  #: the gazetteer form it matched (folded)
    score: float  #: 0-100; see docs/matching.md for the calibration
    steps: tuple[Step, ...]
    sources: tuple[str, ...]  #: where the matched form comes from (official, uk:..., ru:..., ...)
    #: other units of the same kind and name that the evidence could not rule out (the
    #: context, when given, narrows them; kind and population only rank them)
    namesakes: int = 0
    #: the query is one of the unit's listed forms (after folding case, accents and
    #: apostrophes), vouched for by a strong source; not a fuzzy or drift match
    exact: bool = False
    #: the first of those namesakes (at most ``tuning.ALTERNATIVES_SHOWN``), best ranked first
    alternatives: tuple[Unit, ...] = field(default=(), repr=False)
    #: probability that ``unit`` is the place meant (see docs/matching.md, "Confidence")
    confidence: float | None = None

    # Flattened for convenience: the fields users read most.
    @property
    def id(self) -> str:
        return self.unit.id

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def name_uk(self) -> str:
        return self.unit.name_uk

    @property
    def kind(self) -> str:
        return self.unit.kind

    @property
    def geonames_id(self) -> int | None:
        return self.unit.geonames_id

    @property
    def oblast(self) -> Unit | None:
        return self.unit.oblast

    @property
    def raion(self) -> Unit | None:
        return self.unit.raion

    @property
    def hromada(self) -> Unit | None:
        return self.unit.hromada

    def with_steps(self, *steps: Step) -> Match:
        """A copy with more steps of explanation."""
        return replace(self, steps=(*self.steps, *steps))

    def explain(self) -> str:
        """One line a person can read: why this query became this unit."""
        how = "; ".join(str(s) for s in self.steps)
        head = f"{self.query!r} -> {self.name} ({self.kind}, {self.id})"
        return f"{head}, score {self.score:.1f}: {how}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in running text. ``text == original[start:end]``."""

    start: int
    end: int
    text: str
    place: Match
    replacement: str  #: what ``clean`` writes in place of ``text`` (== text when already canonical)


@dataclass(frozen=True, slots=True)
class Edit:
    """One rewrite ``clean`` made: ``original[start:end]`` (== ``before``) became ``after``."""

    start: int
    end: int
    before: str
    after: str
    place: Match


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned text together with the edits that produced it, in order."""

    text: str
    edits: tuple[Edit, ...] = field(default_factory=tuple)
