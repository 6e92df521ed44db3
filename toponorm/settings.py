"""The settings of a ``Toponorm``: one frozen, documented object."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import InputTypeError, require_cutoff
from .tuning import CUTOFF

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What a caller may set. Every other number is tuned (``toponorm.tuning``)."""

    #: The acceptance cutoff of a fuzzy match, on the 0-100 scale of ``Match.score`` (each kind
    #: of unit adds its own margin; an exact form is accepted at any score).
    score_cutoff: float = CUTOFF
    #: Is the text about Ukraine? None: decide from the text (it names a city or oblast
    #: outright); True: take garbles, villages and exotic spellings everywhere; False: only
    #: exact forms of cities, oblasts and raions count.
    about_ukraine: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "score_cutoff", require_cutoff(self.score_cutoff))
        if self.about_ukraine is not None and not isinstance(self.about_ukraine, bool):
            raise InputTypeError(
                f"about_ukraine must be True, False or None, not {self.about_ukraine!r}")

    def replace(self, **changes: object) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]
