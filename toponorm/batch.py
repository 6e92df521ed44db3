"""Many names or documents at once, as table columns and corpora come: each distinct input is
done once (real columns repeat their values), no row ever raises (a missing, empty, too long
or non-text cell gets a status), the order is kept, and ``n_jobs`` spreads the distinct inputs
over processes."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .errors import AreaError, InputTypeError, InputValueError
from .match.decide import Decision
from .query.prepare import MAX_NAME_LENGTH
from .types import Match, Mention

__all__ = ["RECORD_COLUMNS", "STATUSES", "Resolution", "clean_many", "find_many",
           "resolve_many"]

#: What ``Resolution.status`` may be.
STATUSES = ("resolved", "abstained", "missing", "too-long", "not-text", "bad-context")

_R = TypeVar("_R")
#: Distinct inputs a worker process gets at a time.
_CHUNK = 256


class Toponorm(Protocol):
    """What a batch needs of ``api.Toponorm`` (which pickles: a worker rebuilds it)."""

    def decide(self, name: str, *, context: object = None, oblast: object = None,
               raion: object = None, hromada: object = None) -> Decision: ...

    def find(self, text: str) -> list[Mention]: ...

    def clean(self, text: str) -> str: ...

    def preload(self, *, text_only: bool = False) -> Any: ...


@dataclass(frozen=True, slots=True)
class Resolution:
    """One row of ``resolve_many``: the cell as given, what became of it, the match (None
    unless resolved) and, when there is none, why."""

    query: object
    status: str  #: one of ``STATUSES``
    match: Match | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.match is not None

    def record(self) -> dict[str, object]:
        """The row as flat columns (``RECORD_COLUMNS``), None where there is no value: for
        a table (pandas, polars, CSV) or JSON."""
        m = self.match
        u = m.unit if m is not None else None
        return {
            "input": self.query, "status": self.status,
            "id": u.id if u else None, "name": u.name if u else None,
            "name_uk": u.name_uk if u else None, "kind": u.kind if u else None,
            "oblast": u.oblast.name if u and u.oblast else None,
            "raion": u.raion.name if u and u.raion else None,
            "hromada": u.hromada.name if u and u.hromada else None,
            "oblast_id": u.oblast_id if u else None, "raion_id": u.raion_id if u else None,
            "hromada_id": u.hromada_id if u else None, "pcode": u.pcode if u else None,
            "lat": u.lat if u else None, "lon": u.lon if u else None,
            "point_source": u.point_source if u else None,
            "geonames_id": u.geonames_id if u else None,
            "score": m.score if m is not None else None,
            "confidence": m.confidence if m is not None else None,
            "namesakes": m.namesakes if m is not None else None,
            "reason": self.reason or None,
        }


#: The columns of ``Resolution.record()``, in order.
RECORD_COLUMNS = ("input", "status", "id", "name", "name_uk", "kind", "oblast", "raion",
                  "hromada", "oblast_id", "raion_id", "hromada_id", "pcode", "lat", "lon",
                  "point_source", "geonames_id",
                  "score", "confidence", "namesakes", "reason")


def is_missing(value: object) -> bool:
    """None, a NaN (Python's or numpy's), pandas' NA/NaT, or a string of white space only."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    if type(value).__name__ in ("float16", "float32", "float64", "longdouble"):
        try:
            return math.isnan(float(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, str) and not value.strip()


def resolve_many(tn: Toponorm, names: Iterable[object], *, contexts: Iterable[object] | None = None,
                 oblast: object = None, raion: object = None, hromada: object = None,
                 n_jobs: int = 1) -> list[Resolution]:
    """``tn.resolve`` for each name (with the context of the same row, and the admin levels
    for all rows), as ``Resolution`` records in the same order. A row's context is text, or
    a mapping of ``ROW_CONTEXT_KEYS`` ({"oblast": ..., "raion": ...}) for admin levels that
    change from row to row."""
    names = _column(names, "names")
    rows = _column(contexts, "contexts") if contexts is not None else [None] * len(names)
    if len(rows) != len(names):
        raise InputValueError(f"contexts has {len(rows)} rows, names {len(names)}")
    keys = [(_key(n), _key(c)) for n, c in zip(names, rows, strict=True)]
    where = {"oblast": oblast, "raion": raion, "hromada": hromada}
    distinct = dict(zip(keys, zip(names, rows, strict=True), strict=True))
    done = _map_distinct(tn, _resolve_rows, distinct, where, n_jobs)
    return [Resolution(n, *done[k]) for n, k in zip(names, keys, strict=True)]


def find_many(tn: Toponorm, texts: Iterable[object], n_jobs: int = 1) -> list[list[Mention]]:
    """``tn.find`` of each text on its own (documents never share context); [] for a missing
    or non-text cell."""
    texts = _column(texts, "texts")
    keys = [_key(t) for t in texts]
    done = _map_distinct(tn, _find_rows, dict(zip(keys, texts, strict=True)), {}, n_jobs)
    return [done[k] for k in keys]


def clean_many(tn: Toponorm, texts: Iterable[object], n_jobs: int = 1) -> list[object]:
    """``tn.clean`` of each text on its own; a missing or non-text cell is returned as it is."""
    texts = _column(texts, "texts")
    keys = [_key(t) for t in texts]
    done = _map_distinct(tn, _clean_rows, dict(zip(keys, texts, strict=True)), {}, n_jobs)
    return [done[k] if isinstance(t, str) else t for k, t in zip(keys, texts, strict=True)]


# -- inside -----------------------------------------------------------------------------------
def _column(values: object, what: str) -> list[object]:
    """The cells of a column: any iterable but a lone string or bytes (which would be read
    character by character)."""
    if isinstance(values, (str, bytes, bytearray)):
        raise InputTypeError(f"{what} must be a column (a list, a Series, any iterable) of "
                             f"cells, not a single {type(values).__name__}; wrap it: [{what}]")
    shape = getattr(values, "shape", None)
    if isinstance(values, Mapping) or (isinstance(shape, tuple) and len(shape) == 2):
        # (a DataFrame or a dict iterates its column names or keys, not its cells)
        raise InputTypeError(f"{what} must be one column, not a {type(values).__name__}: "
                             f"pass a column of it (df['place'], list(d.values()))")
    try:
        return list(values)  # type: ignore[call-overload]
    except TypeError:
        raise InputTypeError(f"{what} must be a column (a list, a Series, any iterable), not "
                             f"{type(values).__name__}") from None


def _key(value: object) -> Hashable:
    # (NaN != NaN: every absent cell is one key; a string, blank or not, is its own key, since
    # clean_many gives it back byte for byte; unhashable cells are keyed by their text)
    if not isinstance(value, str) and is_missing(value):
        return ("missing",)
    try:
        hash(value)
    except TypeError:
        return ("unhashable", repr(value))
    return (type(value).__name__, value)


def _map_distinct(tn: Toponorm, work: Callable[[Toponorm, list[Any], dict[str, object]],
                                                 list[_R]],
                  distinct: Mapping[Any, Any], where: dict[str, object],
                  n_jobs: int) -> dict[Any, _R]:
    """``work`` on each distinct input (key -> one of the inputs with that key), by key."""
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool):
        raise InputTypeError(f"n_jobs must be an int, not {type(n_jobs).__name__}")
    jobs = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    if jobs < 1:
        raise InputValueError(f"n_jobs must be a positive int or -1 (every core), not {n_jobs}")
    inputs = list(distinct.values())
    if jobs == 1 or len(inputs) <= _CHUNK:
        results = work(tn, inputs, where)
    else:
        # forked workers inherit the indexes instead of building them each
        tn.preload(text_only=work is not _resolve_rows)
        chunks = [inputs[i:i + _CHUNK] for i in range(0, len(inputs), _CHUNK)]
        # imported here: the process pool costs 20 ms of start-up every lookup would pay
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = [r for part in pool.map(work, [tn] * len(chunks), chunks,
                                              [where] * len(chunks)) for r in part]
    return dict(zip(distinct, results, strict=True))


def _resolve_rows(tn: Toponorm, rows: list[tuple[object, object]], where: dict[str, object]
                  ) -> list[tuple[str, Match | None, str]]:
    out: list[tuple[str, Match | None, str]] = []
    for name, context in rows:
        if is_missing(name):
            out.append(("missing", None, "no name in this row"))
            continue
        if not isinstance(name, str):
            out.append(("not-text", None, f"a {type(name).__name__}, not text"))
            continue
        if len(name) > MAX_NAME_LENGTH:
            out.append(("too-long", None, f"{len(name):,} characters: no place name is "
                                          f"longer than {MAX_NAME_LENGTH}"))
            continue
        try:
            d = tn.decide(name, **_row_context(context, where))
        except (AreaError, InputTypeError) as e:  # the row's context (or the area) is bad
            out.append(("bad-context", None, str(e)))
            continue
        except InputValueError as e:  # nothing left once invisible marks are cut
            out.append(("missing", None, str(e)))
            continue
        out.append(("resolved", d.match, "") if d.match is not None
                   else ("abstained", None, d.explain()))
    return out


#: What a row's context may hold when it is a mapping (a CSV row's admin columns, say).
ROW_CONTEXT_KEYS = ("context", "oblast", "raion", "hromada", "near")


def _row_context(context: object, where: dict[str, object]) -> dict[str, object]:
    """The keyword arguments of ``decide`` for one row: its context is text (or units), or a
    mapping of ``ROW_CONTEXT_KEYS`` whose non-missing values add to the admin levels given
    for all rows (and win over them)."""
    if not isinstance(context, Mapping):
        return {"context": None if is_missing(context) else context, **where}
    unknown = sorted(set(map(str, context)) - set(ROW_CONTEXT_KEYS))
    if unknown:
        raise InputTypeError(f"a row's context mapping takes {', '.join(ROW_CONTEXT_KEYS)}; "
                             f"not {', '.join(unknown)}")
    out: dict[str, object] = {"context": None, **where}
    for key, value in context.items():
        if not is_missing(value):
            out[key] = value
    return out


def _find_rows(tn: Toponorm, texts: list[object], where: dict[str, object]
               ) -> list[list[Mention]]:
    return [tn.find(t) if isinstance(t, str) and not is_missing(t) else [] for t in texts]


def _clean_rows(tn: Toponorm, texts: list[object], where: dict[str, object]) -> list[object]:
    return [tn.clean(t) if isinstance(t, str) else t for t in texts]
