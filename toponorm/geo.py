"""Great-circle distance, shared by the gazetteer build (GeoNames links) and the context."""

from __future__ import annotations

import math

__all__ = ["distance_km"]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
