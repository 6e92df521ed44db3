"""toponorm: Ukrainian place names in English text, resolved to official units and rewritten.

    >>> import toponorm
    >>> toponorm.resolve("Baghmud").name
    'Bakhmut'

Importing is free: the bundled gazetteer is read on the first call that needs it.
"""

from __future__ import annotations

from ._version import __version__
from .errors import DataError, InputTypeError, InputValueError, ToponormError
from .resolver import candidates, resolve
from .types import KINDS, CleanResult, Edit, Match, Mention, Step, Unit

__all__ = [
    "KINDS",
    "CleanResult",
    "DataError",
    "Edit",
    "InputTypeError",
    "InputValueError",
    "Match",
    "Mention",
    "Step",
    "ToponormError",
    "Unit",
    "__version__",
    "candidates",
    "clean",
    "clean_with_edits",
    "find",
    "get",
    "resolve",
]


def get(unit_id: str) -> Unit | None:
    """The unit with this KATOTTG code, or None."""
    from .errors import require_text
    from .gazetteer import get_gazetteer

    return get_gazetteer().unit_by_id(require_text(unit_id, "unit_id").strip())


def __getattr__(name: str):  # the text filter is imported on first use
    if name in ("find", "clean", "clean_with_edits"):
        from . import textfilter

        return getattr(textfilter, name)
    raise AttributeError(f"module 'toponorm' has no attribute {name!r}")
