"""The exceptions toponorm raises. Each subclasses the builtin a caller would already catch."""

from __future__ import annotations

__all__ = ["DataError", "InputTypeError", "InputValueError", "ToponormError"]


class ToponormError(Exception):
    """Base class of every error toponorm raises on purpose."""


class InputTypeError(ToponormError, TypeError):
    """An argument has the wrong type (bytes or None where text is expected, ...)."""


class InputValueError(ToponormError, ValueError):
    """An argument has the right type but cannot be used (empty name, name too long, ...)."""


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
