"""Table columns in, table columns out: ``resolve_frame`` takes a pandas Series (or any
column) and gives a pandas DataFrame of flat fields, one row per cell, index kept. pandas is
not a dependency of toponorm: it is imported here, on first use. For polars (or any table
library), build the frame from the same flat records::

    polars.DataFrame([r.record() for r in toponorm.resolve_many(column)])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .batch import RECORD_COLUMNS
from .errors import InputValueError, ToponormError

if TYPE_CHECKING:
    from .api import Toponorm

__all__ = ["resolve_frame"]


def resolve_frame(names: Any, *, contexts: Any = None, oblast: object = None,
                  raion: object = None, hromada: object = None, n_jobs: int = 1,
                  toponorm: Toponorm | None = None) -> Any:
    """``resolve_many`` of a column as a pandas DataFrame with the columns
    ``batch.RECORD_COLUMNS`` (input, status, id, name, name_uk, kind, oblast, raion, hromada,
    their ids, pcode, lat, lon, point_source, geonames_id, score, confidence, namesakes,
    reason). A Series keeps its
    index; ``contexts`` is a column of the same length (a list in the names' order, or a
    Series paired by index label, as pandas pairs two Series). No cell
    raises: a missing, empty, too long or non-text cell gets a status."""
    try:
        import pandas as pd
    except ImportError:
        raise ToponormError("resolve_frame needs pandas: pip install pandas") from None
    if toponorm is None:
        from .api import default
        toponorm = default()
    index = names.index if isinstance(names, pd.Series) else None
    if index is not None and isinstance(contexts, pd.Series) and \
            not contexts.index.equals(index):
        # a context belongs to its row by the index, as pandas pairs two Series
        if not (contexts.index.is_unique and index.is_unique
                and set(contexts.index) == set(index)):
            raise InputValueError("contexts and names have different index labels: align "
                                  "them, or pass contexts as a list in the names' order")
        contexts = contexts.reindex(index)
    rows = toponorm.resolve_many(names, contexts=contexts, oblast=oblast, raion=raion,
                                 hromada=hromada, n_jobs=n_jobs)
    frame = pd.DataFrame([r.record() for r in rows], columns=list(RECORD_COLUMNS),
                         index=index)
    return frame.astype({"geonames_id": "Int64", "namesakes": "Int64"})
