"""Reading the bundled data files: gzip framing, and a clear DataError when one is missing
or damaged."""

from __future__ import annotations

import zlib
from importlib import resources
from pathlib import Path

from ..errors import DataError

__all__ = ["read_data", "split_sections"]


def read_data(name: str, data_dir: Path | None = None) -> bytes:
    """The decompressed bytes of ``toponorm/data/<name>`` (or of ``data_dir/<name>``: the
    build reads what it has just written)."""
    try:
        folder = resources.files("toponorm").joinpath("data") if data_dir is None else data_dir
        data = folder.joinpath(name).read_bytes()
        return zlib.decompress(data, wbits=31)  # gzip framing; faster than gzip.decompress
    except (OSError, EOFError, zlib.error) as exc:  # a broken install, not a user error
        raise DataError(f"toponorm's bundled data file {name!r} is missing or damaged: {exc}; "
                        "reinstall the package") from exc


def split_sections(text: str) -> dict[str, str]:
    """The gazetteer's sections by name ('header', 'units', 'latin', ...): a first line
    'toponorm-gazetteer', a JSON header line, then '@name' lines each opening a section."""
    lines_end = text.index("\n")
    if text[:lines_end] != "toponorm-gazetteer":
        raise DataError("toponorm's bundled gazetteer is not a toponorm gazetteer; reinstall")
    header_end = text.index("\n", lines_end + 1)
    out = {"header": text[lines_end + 1:header_end]}
    pos = header_end + 1
    while True:
        name_end = text.index("\n", pos)
        name = text[pos + 1:name_end]
        if name == "end":
            return out
        nxt = text.index("\n@", name_end)
        out[name] = text[name_end + 1:nxt]
        pos = nxt + 1
