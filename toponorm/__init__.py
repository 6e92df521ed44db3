"""toponorm: Ukrainian place names in English text, resolved to official units and rewritten.

    >>> import toponorm
    >>> toponorm.resolve("Baghmud").name
    'Bakhmut'

Importing is cheap: the bundled gazetteer is read on the first call that needs it. The
functions here use a default ``Toponorm``; make your own for other settings or per worker.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

# (the module functions check score_cutoff themselves: on a Toponorm, None means its setting)
from ._version import __version__
from .errors import (
    AreaError,
    DataError,
    InputTypeError,
    InputValueError,
    ToponormError,
    require_cutoff,
)
from .settings import Settings
from .store.schema import KINDS
from .tuning import CUTOFF
from .types import CleanResult, Edit, FormerName, Match, Mention, Step, Unit

if TYPE_CHECKING:
    from .api import Toponorm, default
    from .batch import Resolution
    from .match.decide import Decision, Reason
    from .text.filter import TextFilter

#: Names loaded on first use: importing toponorm loads no matcher (a tenth of the time the
#: command line takes to start, when Ctrl-C must already end it quietly), and no data.
_LAZY = {"Toponorm": "api", "default": "api", "Resolution": "batch", "Decision": "match.decide",
         "Reason": "match.decide", "TextFilter": "text.filter"}

__all__ = [
    "CUTOFF",
    "KINDS",
    "AreaError",
    "CleanResult",
    "DataError",
    "Decision",
    "Edit",
    "FormerName",
    "InputTypeError",
    "InputValueError",
    "Match",
    "Mention",
    "Reason",
    "Resolution",
    "Settings",
    "Step",
    "TextFilter",
    "Toponorm",
    "ToponormError",
    "Unit",
    "__version__",
    "candidates",
    "clean",
    "clean_many",
    "clean_with_edits",
    "data_version",
    "default",
    "explain_abstention",
    "find",
    "find_many",
    "get",
    "resolve",
    "resolve_many",
]


def resolve(name: str, *, context: object = None, oblast: object = None,
            raion: object = None, hromada: object = None, near: object = None,
            score_cutoff: float = CUTOFF) -> Match | None:
    """The unit ``name`` means, or None when unsure (below the cutoff, or ambiguous).

    ``context`` is text around the name, or a sequence of Matches, Mentions, Units, KATOTTG ids
    or names, whose places narrow the choice between namesakes. ``oblast``, ``raion`` and
    ``hromada`` (names in any form, KATOTTG ids or Units) constrain the answer; ``near`` is a
    (lat, lon) point. ``score_cutoff`` is on the 0-100 scale of ``Match.score``.
    See ``Toponorm.resolve``."""
    return _default().resolve(name, context=context, oblast=oblast, raion=raion,
                             hromada=hromada, near=near,
                             score_cutoff=require_cutoff(score_cutoff))


def candidates(name: str, *, limit: int = 10, context: object = None, oblast: object = None,
               raion: object = None, hromada: object = None, near: object = None,
               score_cutoff: float = 0.0) -> list[Match]:
    """Ranked candidate units for ``name``, best first; never None (maybe empty)."""
    return _default().candidates(name, limit=limit, context=context, oblast=oblast,
                                raion=raion, hromada=hromada, near=near,
                                score_cutoff=score_cutoff)


def explain_abstention(name: str, *, context: object = None, oblast: object = None,
                       raion: object = None, hromada: object = None, near: object = None,
                       score_cutoff: float = CUTOFF) -> str | None:
    """Why ``resolve`` returns None for ``name`` (None when it does resolve)."""
    return _default().explain_abstention(name, context=context, oblast=oblast, raion=raion,
                                        hromada=hromada, near=near,
                                        score_cutoff=require_cutoff(score_cutoff))


def resolve_many(names: Iterable[object], *, contexts: Iterable[object] | None = None,
                 oblast: object = None, raion: object = None, hromada: object = None,
                 n_jobs: int = 1) -> list[Resolution]:
    """``resolve`` for a column: each distinct row once, none raises (a missing, empty, too
    long or non-text cell gets a ``Resolution.status``), order kept. See
    ``Toponorm.resolve_many``."""
    return _default().resolve_many(names, contexts=contexts, oblast=oblast, raion=raion,
                                  hromada=hromada, n_jobs=n_jobs)


def find_many(texts: Iterable[object], *, n_jobs: int = 1) -> list[list[Mention]]:
    """``find`` of each document on its own (no context crosses documents)."""
    return _default().find_many(texts, n_jobs=n_jobs)


def clean_many(texts: Iterable[object], *, n_jobs: int = 1) -> list[object]:
    """``clean`` of each document on its own; a missing or non-text cell comes back as is."""
    return _default().clean_many(texts, n_jobs=n_jobs)


def get(unit_id: str | int) -> Unit | None:
    """The unit with this code, or None: KATOTTG ("UA14020010010059145"), an OCHA P-code
    ("UA1402"), ISO 3166-2 of an oblast ("UA-14") or a GeoNames ID (704147). See
    ``Toponorm.get``."""
    return _default().get(unit_id)


def data_version() -> dict[str, str]:
    """What the bundled data was built from: each pinned source with its version."""
    return _default().data_version()


def find(text: str, *, score_cutoff: float = CUTOFF, about_ukraine: bool | None = None
         ) -> list[Mention]:
    """The Ukrainian place names in ``text``, in order, non-overlapping, with their units.

    Garbles, villages and exotic spellings are taken only in a text about Ukraine: one that
    says so or names a city outright, or when ``about_ukraine=True``."""
    return _default().find(text, score_cutoff=require_cutoff(score_cutoff),
                          about_ukraine=about_ukraine)


def clean(text: str, *, score_cutoff: float = CUTOFF, about_ukraine: bool | None = None) -> str:
    """``text`` with every Ukrainian place name found rewritten to its canonical form."""
    return _default().clean(text, score_cutoff=require_cutoff(score_cutoff),
                           about_ukraine=about_ukraine)


def clean_with_edits(text: str, *, score_cutoff: float = CUTOFF,
                     about_ukraine: bool | None = None) -> CleanResult:
    """The cleaned text and the edits that made it, for pipelines that need both."""
    return _default().clean_with_edits(text, score_cutoff=require_cutoff(score_cutoff),
                                      about_ukraine=about_ukraine)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'toponorm' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # (found directly from now on)
    return value


def _default() -> Toponorm:
    from .api import default
    return default()
