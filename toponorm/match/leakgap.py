"""The letters a cut script leak lost: a form that the letters on both sides of the run begin
and end, with one to three letters between, fits as well as that (Chernihiமு is Chernihiv)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .. import tuning
from ..query.drift import drift_fold
from ..query.normalize import fold, leak_gap
from ..store.gazetteer import Gazetteer
from ..types import Step


class Scored(Protocol):
    """A scored candidate (``evidence.Scored``) as the leak gap reads and raises it."""

    form: str
    mask: int
    score: float

__all__ = ["fill_leak_gap"]


def fill_leak_gap(gaz: Gazetteer, name: str, scored: Sequence[Scored], steps: list[Step]
                  ) -> None:
    """A foreign run in a Latin word often stands for letters it replaced (Chernihiமு for
    Chernihiv, Lisiான்ansk for Lisichansk): a candidate whose form begins with the letters before
    the run and ends with those after it fits as well as that (Chernihiv, not Chornukhy, which
    only sounds like Chernihi). Raises the scores in ``scored``; adds a step when any rose."""
    gap = leak_gap(" ".join(name.split()))
    if gap is None:
        return
    plain_left, plain_right = (fold(part).replace(" ", "") for part in gap)
    left, right = drift_fold(plain_left), drift_fold(plain_right)
    # the first letters anchor a name (M…karov, the surname, fits Makariv's Russian name)
    if len(left) < 2 or len(left) + len(right) < tuning.LEAK_GAP_MIN_LETTERS:
        return
    abroad_lost = _fewest_lost_abroad(gaz, plain_left, plain_right)
    filled = 0
    weak = gaz.unattested_mask
    for s in scored:
        form = drift_fold(s.form.replace(" ", ""))
        lost = len(form) - len(left) - len(right)
        if _fits_gap(left, right, form) and lost < abroad_lost:
            # of forms that fit alike, the one nearer the letters as given stays ahead
            # (Khasa…jvka: Khasanivka before Hasanivka); a form only weak sources vouch for
            # loses what it loses in the fuzzy pass
            score = round(tuning.LEAK_GAP_SCORE - tuning.LEAK_GAP_STEP * lost
                          - 0.1 * (tuning.EXACT_SCORE - s.score)
                          - (0.0 if s.mask & ~weak else tuning.WEAK_FUZZY_PENALTY), 2)
            if score > s.score:
                s.score, filled = score, filled + 1
    if filled:
        steps.append(Step("leak-gap", f"{gap[0]}…{gap[1]}: letters lost where the run was cut"))


def _fewest_lost_abroad(gaz: Gazetteer, left: str, right: str) -> int:
    """A town abroad that fits the gap with as few letters is as likely (Ku…sk is Kursk before
    Kupiansk): the leak is then no evidence for Ukraine. Compared as spelt, not drift-folded
    (Khar…v is no Harlow), and not a namesake of a Ukrainian place (Donetsk, Rostov oblast)."""
    return min((len(a) - len(left) - len(right)
                for a in gaz.abroad_by_prefix().get(left[:2], ())
                if _fits_gap(left, right, a)), default=tuning.LEAK_GAP_MAX + 1)


def _fits_gap(left: str, right: str, form: str) -> bool:
    return 1 <= len(form) - len(left) - len(right) <= tuning.LEAK_GAP_MAX and \
        form.startswith(left) and form.endswith(right)
