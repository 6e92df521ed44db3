"""The decision: accept the best of the ranked candidates or abstain, as one record that holds
the chosen match, the runners-up and the reasons. See docs/matching.md.

1. The best by score and prior is accepted when exact, or when its fuzzy score reaches the
   cutoff for its kind and the query is not an English word; two different names that fit
   about equally make it abstain.
2. If that abstains, a candidate the context names itself (the same place named elsewhere in
   the text) is accepted with a little support.
3. Among namesakes of the accepted name, context (hierarchy, distance) chooses; a city is never
   traded for a smaller namesake. Those it cannot separate are counted in ``Match.namesakes``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from .. import tuning
from ..store import schema
from ..store.gazetteer import Gazetteer
from ..tuning import CUTOFF, same_letters
from ..types import Match, Step
from .context import Bonus, context_bonus, in_named_city
from .rank import Ranked
from .score import fuzzy_cutoff

__all__ = ["NATIONWIDE", "Decision", "Field", "Reason", "decide", "decide_in_area", "word_reason"]

BonusOf = Callable[[int, Collection[int]], Bonus]


@dataclass(frozen=True, slots=True)
class Field:
    """Where the candidates compete: nationwide, or inside a named area whose size relaxes
    the fuzzy cutoff by ``relief`` points (and ``floor`` more in a small area) and lets a
    garble lose ``key_slack`` more consonant classes (see match.area)."""

    relief: float = 0.0
    key_slack: int = 0
    #: points below the nationwide cutoff itself, in a field of a few hundred units or fewer
    floor: float = 0.0
    #: how many units compete (0: the whole country)
    units: int = 0


NATIONWIDE = Field()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the decision abstained. ``code`` is one of ``Reason.CODES``; ``message`` says it in
    words."""

    code: str
    message: str

    CODES = ("abroad", "no-candidate", "english-word", "named-after-a-place", "the-country",
             "given-name", "demonym", "common-word", "below-cutoff", "sound-key", "ambiguous",
             "unresolved", "outside-area")

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Decision:
    """What a query resolved to: ``match`` (None when it abstains), the ranked evidence it
    weighed (best first), and the reasons when it abstained."""

    query: str
    folded: str  #: the folded Latin query the evidence was gathered for
    match: Match | None
    ranked: tuple[Ranked, ...] = ()
    reasons: tuple[Reason, ...] = ()
    #: how many units competed: the whole gazetteer, or those of a named area (0: not known)
    field: int = 0
    #: the caller gave context (text, units or an area)
    context: bool = False
    #: the match lies outside the area the caller named (the exact name of a big city)
    outside_area: bool = False

    def runners_up(self, limit: int = 5) -> tuple[Match, ...]:
        """The best candidates that were not chosen."""
        chosen = self.match.id if self.match is not None else None
        return tuple(r.match for r in self.ranked if r.id != chosen)[:limit]

    def explain(self) -> str:
        """One line: the match's explanation, or why there is none."""
        if self.match is not None:
            return self.match.explain()
        return self.reasons[0].message if self.reasons else "no unit is a confident match"


def decide(gaz: Gazetteer, ranked: Sequence[Ranked], query: str, folded: str,
           score_cutoff: float = CUTOFF, hints: Collection[int] = (),
           bonus: BonusOf | None = None) -> Decision:
    """Accept the best of the ranked candidates or abstain (see the module's docstring).
    ``bonus`` gives a candidate's context points (a cached ``context_bonus``)."""
    bonus = bonus or _plain_bonus(gaz)
    why: list[Reason] = []
    chosen, rescued = _choose(gaz, ranked, folded, score_cutoff, hints, why)
    if chosen is None:
        return Decision(query, folded, None, tuple(ranked), tuple(why[:1]) or (
            Reason("unresolved", "no unit is a confident, unambiguous match"),))
    match = _among_namesakes(ranked, chosen, hints, bonus, rescued)
    return Decision(query, folded, match, tuple(ranked))


def _plain_bonus(gaz: Gazetteer) -> BonusOf:
    """``context_bonus`` uncached, for callers that pass no cached one."""
    def bonus(index: int, named: Collection[int]) -> Bonus:
        return context_bonus(gaz, index, named)
    return bonus


def decide_in_area(gaz: Gazetteer, inside: Sequence[Ranked], outside: Sequence[Ranked],
                   query: str, folded: str, score_cutoff: float, field: Field, label: str,
                   hints: Collection[int] = (), bonus: BonusOf | None = None) -> Decision:
    """The decision when a structured context names an area: the candidates inside it compete
    among themselves, with the cutoff their field's size allows; one outside is accepted only
    on overwhelming evidence (the exact current name of a city over
    ``tuning.BIG_CITY_POPULATION``, when nothing inside bears the name exactly: a
    mislabelled region is likelier than a look-alike inside)."""
    bonus = bonus or _plain_bonus(gaz)
    ranked = (*inside, *outside)
    why: list[Reason] = []
    chosen, rescued = (None, False)
    if inside:
        chosen, rescued = _choose(gaz, inside, folded, score_cutoff, hints, why, field)
    winner = None
    if chosen is None and why and why[0].code in ("below-cutoff", "sound-key"):
        chosen = winner = _clear_winner(gaz, inside, outside, folded, score_cutoff, field)
    big = next((r for r in outside if r.exact and set(r.sources) & _CURRENT_TAGS
                and r.category in schema.CITIES
                and r.population > tuning.BIG_CITY_POPULATION), None)
    if chosen is not None and big is not None and not chosen.exact:
        chosen = None  # a look-alike inside is no answer to the exact name of a big city
    if chosen is not None:
        match = _among_namesakes(inside, chosen, hints, bonus, rescued)
        if any(u.category == match.unit.category for u in match.alternatives):
            # the caller named the area to get one unit: namesakes of the same kind are
            # listed, not guessed between by population; a bigger kind does win over smaller
            # namesakes (a settlement over villages of its name: on event-style rows with the
            # oblast named that choice was right 85%, wrong 2%; abstaining lost 16 points)
            return Decision(query, folded, None, ranked, (Reason(
                "ambiguous", f"ambiguous: {match.namesakes + 1} places named {match.name} "
                             f"lie inside {label}; name the raion or hromada to choose"),))
        note = f"inside {label}"
        if winner is not None:
            note += (f": below the cutoff, but the only name of {field.units} units that fits "
                     f"(the next fits {winner.score - _runner_up(inside, winner):.0f} points "
                     f"worse, and nothing elsewhere fits better)")
        elif field.relief and not chosen.exact:
            note += (f": fewer names compete, the cutoff relaxed by up to "
                     f"{field.relief + field.floor:.1f}")
        return Decision(query, folded, match.with_steps(Step("area", note)), ranked)
    if big is not None:
        match = _among_namesakes(outside, big, hints, bonus, False)
        return Decision(query, folded, match.with_steps(Step(
            "outside-area", f"not inside {label}: accepted as the exact current name of a "
                            f"city, with no exact name inside")), ranked, outside_area=True)
    if outside and _plain_decision(gaz, outside, folded, score_cutoff, []) is not None and (
            not inside or outside[0].score > max(r.score for r in inside)):
        why.insert(0, Reason("outside-area", f"the best fit, {_brief(outside[0])}, lies "
                                             f"outside {label}; nothing inside fits"))
    return Decision(query, folded, None, ranked, tuple(why[:1]) or (
        Reason("no-candidate", f"nothing inside {label} sounds like it"),))


def _runner_up(ranked: Sequence[Ranked], best: Ranked) -> float:
    return max((r.score for r in ranked if r.name != best.name), default=0.0)


def _clear_winner(gaz: Gazetteer, inside: Sequence[Ranked], outside: Sequence[Ranked],
                  folded: str, score_cutoff: float, field: Field) -> Ranked | None:
    """In a named area (an oblast, raion or hromada: at most ``tuning.WINNER_UNITS`` units),
    the one name that fits, though below the cutoff: every other name inside fits
    ``tuning.WINNER_MARGIN`` points worse, nothing outside fits better, it scores
    ``tuning.WINNER_MIN_SCORE`` or more and falls short by at most ``tuning.WINNER_SUPPORT``
    points (or one more consonant class). Among a raion's 250 names the next best is the
    measure of chance, not the country's 155,000 forms (calibrate_area.py --winner)."""
    if not inside or not 0 < field.units <= tuning.WINNER_UNITS:
        return None
    best = max(inside, key=lambda r: (r.score, r.rank))
    if best.score < tuning.WINNER_MIN_SCORE or \
            best.score - _runner_up(inside, best) < tuning.WINNER_MARGIN:
        return None
    if any(r.score > best.score for r in outside if r.name != best.name):
        return None  # a place elsewhere fits better: more likely a name from elsewhere
    wider = replace(field, key_slack=field.key_slack + tuning.WINNER_KEY_SLACK)
    if not _accepts(gaz, best, folded, score_cutoff, tuning.WINNER_SUPPORT, wider):
        return None
    return best


def _choose(gaz: Gazetteer, ranked: Sequence[Ranked], folded: str, score_cutoff: float,
            hints: Collection[int], why: list[Reason], field: Field = NATIONWIDE
            ) -> tuple[Ranked | None, bool]:
    """The accepted candidate (before namesakes), and whether the context rescued it."""
    if not ranked:
        return None, False
    chosen = _plain_decision(gaz, ranked, folded, score_cutoff, why, field)
    rescued = False
    if hints and (chosen is None or chosen.index not in hints):
        # one sense per discourse: a place the context names itself wins over a stranger that
        # fits the name only a little better
        named = _identity_rescue(gaz, ranked, folded, score_cutoff, set(hints))
        if named is not None and (chosen is None or (
                named.score + tuning.IDENTITY_SUPPORT >= chosen.score
                and (_names_itself(named) or not _names_itself(chosen)))):
            # (a unit's own name or a Ukrainian romanisation of it is not given up for an
            # old name or a GeoNames alias of a place named nearby: Shcherbynivka, a village
            # of Toretsk hromada, is no Toretsk, the town's name until 1938)
            chosen, rescued = named, True
    if chosen is not None and hints and chosen.category == schema.RAION:
        # a city's district of the raion's name, in a city the context names, is the one meant
        # ("Kherson's Dniprovskyi district", not Dniprovskyi raion of Dnipropetrovsk oblast)
        district = next((r for r in ranked if r.category == schema.CITY_DISTRICT
                         and r.form == chosen.form and in_named_city(gaz, r.index, hints)),
                        None)
        if district is not None:
            chosen = district
    return chosen, rescued


def _among_namesakes(ranked: Sequence[Ranked], chosen: Ranked, hints: Collection[int],
                     bonus: BonusOf, rescued: bool) -> Match:
    """The namesake of the chosen name that the context and prior put first, with the steps
    that say how it was chosen and how many namesakes remain as likely."""
    all_same = [r for r in ranked if r.name == chosen.name
                and r.score >= chosen.score - tuning.NAMESAKE_FIT]
    same = [r for r in all_same
            if chosen.category not in schema.BIG or r.category in schema.BIG]
    # a big city is named for itself: that the text also names a place in the oblast of a
    # small namesake (Lviv beside Mykolaiv) does not make the namesake meant; the oblast itself
    # named, or a closer tie (the same raion, the map, the namesake itself named) still does
    plain = min(same, key=lambda r: (-r.rank, r.id))
    big = plain.category in schema.CITIES and plain.population > tuning.BIG_CITY_POPULATION
    keyed = []
    for r in same:
        points, why, _ = bonus(r.index, hints) if hints else (0.0, "", False)
        if big and r is not plain and points <= tuning.INSIDE_OBLAST_POINTS \
                and r.oblast_index not in hints:
            points, why = 0.0, ""
        keyed.append((r.rank + tuning.NAMESAKE_CONTEXT_WEIGHT * points, points, why, r))
    keyed.sort(key=lambda t: (-t[0], t[3].id))
    _, top_points, why, top = keyed[0]
    # the namesakes the evidence cannot rule out: as close to the context (kind and population
    # rank them; they do not rule a village out; a city's are only cities, see ``same``)
    left = [r for _, points, _, r in keyed[1:] if top_points - points < tuning.NAMESAKE_TIE]
    steps = top.match.steps
    if why:
        steps += (Step("context", why),)
    if rescued:
        steps += (Step("context", "weak match accepted: the same place is named in the "
                                  "context"),)
    kind = top.match.kind
    if left:
        how = "the context and population" if top_points else "population"
        steps += (Step("namesakes", f"{len(left)} other place(s) named {top.match.name} "
                                    f"could be meant ({how} chose this {kind}); pass "
                                    f"context to choose"),)
    elif len(all_same) > 1:
        how = "context" if plain is not top else "kind and population"
        steps += (Step("prior", f"chosen over {len(all_same) - 1} namesake(s) by {how}"),)
    return replace(top.match, steps=steps, namesakes=len(left),
                   alternatives=tuple(r.unit for r in left[:tuning.ALTERNATIVES_SHOWN]))


# Sources that make an exact form trustworthy even when it is also an English word ("Bar" is
# a city's official name; "Kiev", "Odessa" are attested names of cities). A form only another
# romanisation system produces ("Copy" for Копи) is not enough against an English word.
_OFFICIAL_TAGS = frozenset({"official", "official-cyrillic", "former-name", "former-name-cyrillic",
                            "short-name"})
_ATTESTED_TAGS = frozenset({"russian-name:geonames", "geonames-latin", "geonames-other-name"})
_CURRENT_TAGS = frozenset({"official", "official-cyrillic", "short-name"})


def _accepts(gaz: Gazetteer, r: Ranked, folded: str, score_cutoff: float,
             support: float = 0.0, field: Field = NATIONWIDE) -> bool:
    words = gaz.words
    tags = set(r.sources)
    single = " " not in folded
    if words.is_fixed_expression(folded):
        # a region (Podillia, Galicia), dish or event named after a place is not the village
        # that bears the name: candidates() lists it, resolve() does not guess
        return False
    if r.exact and tags & _CURRENT_TAGS:
        # a unit's current official name is accepted whatever else the word is (Bar, Volodymyr):
        # decided before the word lists are read, which a first exact look-up then never loads
        return True
    if not r.exact and words.names_the_country(folded, r.form):
        return False  # Ukraina, Ukrainsku: the country or its adjective, never Ukrainka
    if single and (folded in words.common_words() or folded in words.given_names
                   or words.is_demonym(folded)):
        # a common word or a first name ("Tor", "Vladimir") is a place only by its current
        # official name ("Bar", "Volodymyr", accepted above), never by a former, Russian or
        # fuzzy one
        return False
    english = single and folded in words.english_words()
    # a drift-only match (not exact) counts as a form of the name only for a word long enough
    # not to be a short foreign name by chance (Nadja, Nadiia)
    near_exact = same_letters(r.score) and not english \
        and len(folded.replace(" ", "")) >= tuning.DRIFT_MIN_LETTERS
    if r.exact or near_exact:
        if tags & _OFFICIAL_TAGS:
            return True  # a unit's own official or former name
        # an English proper noun may still be the English name of a city (Kiev, Odessa)
        return not english or (bool(tags & _ATTESTED_TAGS) and r.category in schema.BIG)
    if english:
        return False  # an English proper noun is no garble
    if folded in words.places_abroad() or folded in words.countries():
        # a town, country or US state abroad (Tiraspol, Grodno, New York) is no garble of a
        # Ukrainian place; only a form some source gives a Ukrainian unit makes it one
        # (Odessa, Donetsk: exact, accepted above)
        return False
    return r.score + support >= fuzzy_cutoff(
        r.category, score_cutoff, folded, r.form, r.population, gaz.form_key(r.form),
        key_slack=field.key_slack, relief=field.relief) - field.floor


def _plain_decision(gaz: Gazetteer, ranked: Sequence[Ranked], folded: str,
                    score_cutoff: float, why: list[Reason],
                    field: Field = NATIONWIDE) -> Ranked | None:
    """The accepted candidate without context, or None; ``why`` receives the reason for None."""
    # the best-ranked name decides; among its units, the best that can be accepted (a village
    # that outranks the city of the same name must not hide the city)
    name = ranked[0].name
    best = next((r for r in ranked if r.name == name
                 and _accepts(gaz, r, folded, score_cutoff, field=field)), None)
    if best is None:
        why.append(_rejection(gaz, ranked[0], folded, score_cutoff, field))
        return None
    # a name that fits clearly better, and trails only by its prior, is the answer
    # (Dvoorichne is Dvorichne, not the bigger Dvorichna)
    better = next((r for r in ranked if r.name != best.name
                   and best.rank - r.rank < tuning.AMBIGUOUS_RANK
                   and r.score > best.score + tuning.AMBIGUOUS_FIT
                   and _accepts(gaz, r, folded, score_cutoff, field=field)), None)
    if better is not None:
        best = better
    rival = _rival(gaz, ranked, best, folded, score_cutoff, field)
    if rival is not None:
        why.append(Reason("ambiguous", f"ambiguous: {_brief(best)} and {_brief(rival)} fit "
                                       f"about equally"))
        return None
    return best


def _rival(gaz: Gazetteer, ranked: Sequence[Ranked], best: Ranked, folded: str,
           score_cutoff: float, field: Field = NATIONWIDE) -> Ranked | None:
    """Another name that answers to this exact form, or fits about as well: the decision
    abstains (a place that only its prior brings near, fitting the letters much worse, is no
    rival)."""
    exact = same_letters(best.score)
    weak, alternate = gaz.weak_mask, gaz.alternate_mask
    best_strong = best.mask & ~weak
    borne = {r.form for r in ranked if r.mask & ~alternate}
    for other in ranked:
        if other.name == best.name:
            continue
        if not other.mask & ~alternate and other.form in borne:
            continue  # another place's old name, borne today by a candidate, is no rival
        if best_strong and not other.mask & ~weak:
            continue  # a form only weak sources vouch for does not make a strong match doubtful
        gap = best.rank - other.rank
        if (exact and same_letters(other.score) and gap < tuning.AMBIGUOUS_EXACT_RANK) or (
                not exact and gap < tuning.AMBIGUOUS_RANK
                and other.score > best.score - tuning.AMBIGUOUS_FIT
                and _accepts(gaz, other, folded, score_cutoff, field=field)):
            return other
    return None


def _brief(r: Ranked) -> str:
    return f"{r.name} ({r.kind}, score {r.score:.1f})"


_WORD_CLASSES = {
    "named-after-a-place": "a region, dish or historical term named after a place",
    "the-country": "the name of Ukraine or its adjective",
    "given-name": "a given name", "demonym": "a demonym",
    "common-word": "a common English word", "english-word": "an English word"}


def word_reason(gaz: Gazetteer, folded: str) -> str:
    """What a query is besides a possible place name: a ``Reason`` code ('' when nothing)."""
    words = gaz.words
    if words.is_fixed_expression(folded):
        return "named-after-a-place"
    if " " in folded:
        return ""
    if words.names_the_country(folded):
        return "the-country"
    if folded in words.given_names:
        return "given-name"
    if words.is_demonym(folded):
        return "demonym"
    if folded in words.common_words():
        return "common-word"
    return "english-word" if folded in words.english_words() else ""


def not_a_garble(gaz: Gazetteer, folded: str) -> Reason:
    """The reason a query with no candidates at all gets."""
    code = word_reason(gaz, folded)
    if code:
        return Reason(code, f"{folded!r} is {_WORD_CLASSES[code]}, not a garble of a place name")
    return Reason("no-candidate", "no candidate: nothing in the gazetteer sounds like it")


def _rejection(gaz: Gazetteer, r: Ranked, folded: str, score_cutoff: float,
               field: Field = NATIONWIDE) -> Reason:
    """Why the leading candidate was not accepted."""
    code = word_reason(gaz, folded)
    word = _WORD_CLASSES.get(code, "")
    if code == "english-word":
        return Reason(code, f"{folded!r} is an English word: only an exact official name (or "
                            f"an attested name of a city) would count, and the best is "
                            f"{_brief(r)}")
    if code == "named-after-a-place":
        return Reason(code, f"{folded!r} is {word}, not the place that bears the name; the "
                            f"best is {_brief(r)}")
    if code == "the-country" or (not r.exact and gaz.words.names_the_country(folded, r.form)):
        return Reason("the-country", f"{folded!r} holds {_WORD_CLASSES['the-country']}: only "
                                     f"an exact name of a place would count, and the best is "
                                     f"{_brief(r)}")
    if code:
        return Reason(code, f"{folded!r} is {word}: only a current official name would count, "
                            f"and the best is {_brief(r)}")
    need = fuzzy_cutoff(r.category, score_cutoff, folded, r.form, r.population,
                        gaz.form_key(r.form), key_slack=field.key_slack, relief=field.relief)
    if need > tuning.EXACT_SCORE:  # (NEVER, or more than any score can be)
        return Reason("sound-key", f"below the cutoff: the best, {_brief(r)}, sounds different "
                                   f"({r.form!r}); a {r.kind} must keep its sound key")
    return Reason("below-cutoff", f"below the cutoff: the best, {_brief(r)}, needs {need:.1f} "
                                  f"as a {r.kind} (the cutoff {score_cutoff:g}, adjusted for "
                                  f"the kind, the population and the length)")


def _names_itself(r: Ranked) -> bool:
    """Is ``r`` matched exactly by its unit's current name or a Ukrainian romanisation of it?"""
    return r.exact and any(t in _CURRENT_TAGS or t.startswith("uk:") for t in r.sources)


def _identity_rescue(gaz: Gazetteer, ranked: Sequence[Ranked], folded: str,
                     score_cutoff: float, hints: set[int]) -> Ranked | None:
    """A weak match the context vouches for: the same place named elsewhere in the text."""
    named = [r for r in ranked[:tuning.IDENTITY_RESCUE_DEPTH] if r.index in hints]
    named = [r for r in named
             if _accepts(gaz, r, folded, score_cutoff, tuning.IDENTITY_SUPPORT)]
    return max(named, key=lambda r: (r.score, r.rank)) if named else None
