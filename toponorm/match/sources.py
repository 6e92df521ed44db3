"""Source tags in words: 'former name; Russian name; 11 Russian romanisations'."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

__all__ = ["describe_sources"]

_FAMILIES = [("official", "official name"), ("official-cyrillic", "official name"),
             ("former-name", "former name"), ("short-name", "short form"),
             ("russian-name:geonames", "Russian name"),
             ("russian-name:reconstructed", "Russian name (reconstructed)"),
             ("former-name-reconstructed", "former name, Russian (reconstructed)"),
             ("former-name-historical", "historical name (before 1991)"),
             ("geonames-latin", "GeoNames alternate name"),
             ("geonames-cyrillic", "GeoNames alternate name"),
             ("geonames-other-name", "another name in GeoNames (old or unofficial)")]


def describe_sources(tags: Sequence[str]) -> str:
    """'former name; Russian name; 11 Russian romanisations' from the raw source tags."""
    return _describe(tuple(tags))


@lru_cache(maxsize=4096)  # a pure function of the few hundred tag sets in use
def _describe(tags: tuple[str, ...]) -> str:
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
