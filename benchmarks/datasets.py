"""The benchmark datasets: built from the codifier, this machine's text, and (optionally) the
external evaluation corpora. Each function only loads or generates; scoring is in ``run.py``.

Every random choice takes a ``random.Random`` seeded by the caller, so each dataset is the same
on every run. The external corpora are read for measurement only; nothing here writes them
anywhere.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from noise import garble_with_ops

from toponorm.store.gazetteer import shared_gazetteer as get_gazetteer
from toponorm.types import Unit

ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "ROOT",
    "ContextCase",
    "EvalQuery",
    "GarbledQuery",
    "context_cases",
    "fold_name",
    "garbled_queries",
    "news_text",
    "not_places",
    "precision_corpus",
    "seed_gold",
    "spellingukraine",
    "warreport",
]

_KIND_OF = {"M": "city", "X": "settlement", "C": "village"}


@dataclass(frozen=True)
class GarbledQuery:
    query: str
    truth: Unit
    kind: str  # city / settlement / village
    level: int
    ops: tuple[str, ...]


@dataclass(frozen=True)
class EvalQuery:
    query: str
    accept: frozenset[str]  # folded canonical names (or oblast short forms) that count as right
    alias_is_name: bool = False  # warreport: the alias is the row's own name
    places: tuple[tuple[float, float], ...] = ()  # the corpus's coordinates of the intended place


@dataclass(frozen=True)
class ContextCase:
    name: str
    unit: Unit
    raion: Unit
    oblast: Unit
    same_name_in_oblast: int  # units of this name in the same oblast (1: oblast alone decides)


def fold_name(name: str) -> str:
    """Lower-case, no apostrophes, hyphens or spaces: how eval answers are compared."""
    return re.sub(r"['’ʼ`\-\s]", "", name.lower())


def garbled_queries(rng: random.Random, per_kind: int, all_cities: bool) -> list[GarbledQuery]:
    """Official names of cities, settlements and villages, garbled at noise levels 1, 2, 3.

    ``per_kind`` units are sampled per kind (all 461 cities when ``all_cities``); each sampled
    unit gives one query per level.
    """
    by_cat: dict[str, list[Unit]] = defaultdict(list)
    for u in get_gazetteer().units():
        if u.category in _KIND_OF:
            by_cat[u.category].append(u)
    out = []
    for cat, kind in _KIND_OF.items():
        pool = sorted(by_cat[cat], key=lambda u: u.id)
        chosen = pool if (cat == "M" and all_cities) else rng.sample(pool, min(per_kind, len(pool)))
        for u in chosen:
            for level in (1, 2, 3):
                q, ops = garble_with_ops(u.name, rng, level)
                out.append(GarbledQuery(q, u, kind, level, ops))
    return out


def seed_gold(path: Path) -> tuple[list[dict], list[dict], dict[str, str]] | None:
    """(places, must-stay entries, file name -> text) from the gold annotation, or None."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):  # {"places": [...], "must_stay": [...]}
        places, stays = list(data.get("places", [])), list(data.get("must_stay", []))
    else:  # one list, must-stay entries flagged
        places = [e for e in data if not e.get("must_stay")]
        stays = [e for e in data if e.get("must_stay")]
    entries = places + stays
    texts = {}
    for f in sorted({e["file"] for e in entries}):
        for cand in (ROOT / f, ROOT / "seeds" / f, path.parent / f):
            if cand.exists():
                texts[f] = cand.read_text(encoding="utf-8")
                break
    return places, stays, texts


def spellingukraine(path: Path) -> list[EvalQuery]:
    """One query per incorrect spelling; right when the unit's name (or short) folds to the
    correct spelling."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        accept = frozenset({fold_name(rec["correctSpelling"])})
        loc = rec.get("location") or {}
        places = ((float(loc["lat"]), float(loc["lng"])),) if "lat" in loc and "lng" in loc \
            else ()
        out += [EvalQuery(s, accept, places=places) for s in rec.get("incorrectSpellings") or []]
    return out


def warreport(path: Path, canonical_of) -> list[EvalQuery]:
    """One query per distinct alias; right when the answer's canonical name folds to the name
    of any row the alias points at, or to ``canonical_of(row name)`` (the canonical name the
    resolver gives the row's own name: the column is sometimes a Russian-derived form)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    accept: dict[str, set[str]] = defaultdict(set)
    own: dict[str, bool] = defaultdict(bool)
    where: dict[str, set[tuple[float, float]]] = defaultdict(set)
    names = {r["name"].strip() for r in rows}
    mapped = {n: canonical_of(n) for n in sorted(names)}
    for r in rows:
        name = r["name"].strip()
        for alias in r["aliases"].split(";"):
            alias = alias.strip()
            if not alias:
                continue
            accept[alias].add(fold_name(name))
            with contextlib.suppress(KeyError, ValueError):  # a row without coordinates
                where[alias].add((float(r["lat"]), float(r["lon"])))
            if mapped[name]:
                accept[alias].add(fold_name(mapped[name]))
            own[alias] |= alias == name
    return [EvalQuery(a, frozenset(accept[a]), own[a], tuple(sorted(where[a])))
            for a in sorted(accept)]


def _doc_files() -> list[Path]:
    files = [p for p in Path("/usr/share/common-licenses").rglob("*") if p.is_file()]
    doc_name = re.compile(r"^(readme|news|changelog|copyright)", re.IGNORECASE)
    for p in Path("/usr/share/doc").rglob("*"):
        name = p.name.removesuffix(".gz")
        if p.is_file() and not p.is_symlink() and (doc_name.match(name) or name.endswith(".txt")):
            files.append(p)
    return sorted(files, key=str)


def precision_corpus(limit_bytes: int) -> tuple[str, int]:
    """Ordinary English text from this machine (licence texts, then plain-text docs under
    /usr/share/doc, .gz decompressed), in sorted path order, cut at ``limit_bytes`` of UTF-8.
    Returns (text, number of files used). Binary and non-UTF-8 files are skipped."""
    parts, size, used = [], 0, 0
    for p in _doc_files():
        try:
            raw = p.read_bytes()
            if p.suffix == ".gz":
                raw = gzip.decompress(raw)
            if b"\0" in raw:
                continue
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
            continue
        parts.append(text)
        used += 1
        size += len(raw) + 1
        if size >= limit_bytes:
            break
    joined = "\n".join(parts).encode("utf-8")[:limit_bytes].decode("utf-8", errors="ignore")
    return joined, used


def not_places(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]


def news_text(target_bytes: int) -> str:
    """The seed articles repeated to about ``target_bytes``."""
    files = sorted((ROOT / "seeds").glob("*.txt"))
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in files)
    reps = max(1, target_bytes // len(seeds.encode("utf-8")))
    return "\n\n".join([seeds] * reps)


def context_cases(rng: random.Random, n: int) -> list[ContextCase]:
    """``n`` village names found in at least 3 different raions; one village of each, at random.
    Only villages under a regular oblast and raion (not Kyiv/Sevastopol) are used."""
    gaz = get_gazetteer()
    by_name: dict[str, list[Unit]] = defaultdict(list)
    for u in gaz.units():
        if u.category == "C" and u.raion_id and u.oblast_id:
            by_name[u.name].append(u)
    names = sorted(n_ for n_, us in by_name.items() if len({u.raion_id for u in us}) >= 3)
    out = []
    for name in rng.sample(names, min(n, len(names))):
        unit = rng.choice(sorted(by_name[name], key=lambda u: u.id))
        raion, oblast = unit.raion, unit.oblast
        assert raion is not None and oblast is not None
        same = sum(1 for u in by_name[name] if u.oblast_id == unit.oblast_id)
        out.append(ContextCase(name, unit, raion, oblast, same))
    return out
