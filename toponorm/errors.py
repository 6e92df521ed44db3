"""The exceptions toponorm raises. Each subclasses the builtin a caller would already catch."""

from __future__ import annotations

__all__ = ["AreaError", "DataError", "InputTypeError", "InputValueError", "ToponormError"]


class ToponormError(Exception):
    """Base class of every error toponorm raises on purpose."""


class InputTypeError(ToponormError, TypeError):
    """An argument has the wrong type (bytes or None where text is expected, ...)."""


class InputValueError(ToponormError, ValueError):
    """An argument has the right type but cannot be used (empty name, name too long, ...)."""


class AreaError(InputValueError):
    """A structured context (``oblast=``, ``raion=``, ``hromada=``, ``near=``) names no unit of
    Ukraine, or no unit of that level."""


class DataError(ToponormError, RuntimeError):
    """The bundled data is missing or damaged: the installation is broken."""


def require_text(value: object, what: str) -> str:
    """Return ``value`` if it is a str, else raise a TypeError that says what to pass."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise InputTypeError(
            f"{what} must be str, not {type(value).__name__}; decode it first, e.g. "
            f"data.decode('utf-8', errors='surrogateescape')")
    raise InputTypeError(f"{what} must be str, not {type(value).__name__}")


def require_cutoff(value: object) -> float:
    """Return a score cutoff as a float, or raise: a number on the 0-100 scale of scores."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputTypeError(f"score_cutoff must be a number, not {type(value).__name__}")
    if not 0.0 <= value <= 100.0:  # NaN fails too
        raise InputValueError(f"score_cutoff must be between 0 and 100 (the scale of "
                              f"Match.score), not {value!r}")
    return float(value)
