"""Reading the bundled data files: gzip framing, and a clear DataError when one is missing
or damaged."""

from __future__ import annotations

import hashlib
import threading
import zlib
from pathlib import Path

from ..errors import DataError

__all__ = ["CHECKSUMS", "checksums_text", "read_data", "split_sections"]

#: The manifest the build writes beside the data files: "<sha256>  <file name>" per line.
CHECKSUMS = "checksums.txt"
# (beside this package, not through importlib.resources: that import costs a tenth of the
# start-up, and the data is never inside a zip)
_DATA = Path(__file__).resolve().parent.parent / "data"
_REINSTALL = "reinstall toponorm (pip install --force-reinstall toponorm)"
_manifest: dict[str, str] = {}
_manifest_lock = threading.Lock()


def read_data(name: str, data_dir: Path | None = None) -> bytes:
    """The decompressed bytes of ``toponorm/data/<name>``, checked against the shipped
    checksums (or of ``data_dir/<name>``, unchecked: the build reads what it has just
    written)."""
    try:
        folder = _DATA if data_dir is None else data_dir
        data = folder.joinpath(name).read_bytes()
        if data_dir is None:
            _verify(name, data)
        return zlib.decompress(data, wbits=31)  # gzip framing; faster than gzip.decompress
    except (OSError, EOFError, zlib.error) as exc:  # a broken install, not a user error
        raise DataError(f"toponorm's bundled data file {name!r} is missing or damaged: {exc}; "
                        f"{_REINSTALL}") from exc


def _verify(name: str, data: bytes) -> None:
    if not _manifest:
        with _manifest_lock:
            if not _manifest:
                text = (_DATA / CHECKSUMS).read_text(encoding="utf-8")
                for line in text.splitlines():
                    digest, _, file = line.partition("  ")
                    _manifest[file] = digest
    want = _manifest.get(name)
    if want is None or hashlib.sha256(data).hexdigest() != want:
        raise DataError(f"toponorm's bundled data file {name!r} is damaged (its checksum does "
                        f"not match {CHECKSUMS}); {_REINSTALL}")


def checksums_text(folder: Path) -> str:
    """The manifest of the data files in ``folder`` (what the build writes)."""
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
                   for p in sorted(folder.glob("*.gz")))


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
