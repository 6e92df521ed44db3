"""Build the gazetteer artifact shipped in ``toponorm/data/`` from the committed source extracts.

    python gazetteer/build.py            # needs translitua (build-time only), no network

Inputs (all in this folder, pinned in sources.json): the KATOTTG 2024 extract, the GeoNames
Ukrainian extract, the SCOWL English word list, the US Census first names, and the curated
tables in ``curated/``.
Outputs: ``toponorm/data/gazetteer.tsv.gz`` and ``gazetteer_extra.tsv.gz`` (deterministic:
same inputs, same bytes),
``toponorm/data/english_words.txt.gz`` and ``gazetteer/BUILD_REPORT.md``.
"""

from __future__ import annotations

import collections
import csv
import gzip
import io
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import translitua  # noqa: E402  (build-time only)
from rapidfuzz.distance import OSA  # noqa: E402

from toponorm.geo import distance_km  # noqa: E402
from toponorm.query.normalize import fold, fold_cyrillic  # noqa: E402
from toponorm.query.phonetic import distance as key_distance  # noqa: E402
from toponorm.query.phonetic import key as phonetic_key  # noqa: E402
from toponorm.query.phonetic import keys as phonetic_keys  # noqa: E402
from toponorm.query.translit import has_ukrainian_letters, kmu2010  # noqa: E402
from toponorm.store import derived  # noqa: E402
from toponorm.store.artifact import CHECKSUMS, checksums_text  # noqa: E402
from toponorm.store.gazetteer import Gazetteer  # noqa: E402

# the schema the runtime reads: kinds, tags and columns are defined once, there
from toponorm.store.schema import (  # noqa: E402
    FORMAT_VERSION,
    PCODE_DIGITS,
    RU_SYSTEMS,
    TAGS,
    UK_SYSTEMS,
    UNIT_COLUMNS,
)
from toponorm.store.schema import KIND_BY_CATEGORY as KIND  # noqa: E402

DATA = ROOT / "toponorm" / "data"
REPORT = HERE
BIT = {t: 1 << i for i, t in enumerate(TAGS)}


def read_katottg() -> list[dict]:
    units: list[dict] = []
    with open(HERE / "sources" / "katottg_2024.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            levels = [row["level1"], row["level2"], row["level3"], row["level4"],
                      row["level_extra"]]
            code = [c for c in levels if c][-1]
            units.append({"id": code, "cat": row["category"], "name_uk": row["name"],
                          "levels": levels})
    return units


def read_tsv(path: Path) -> list[dict]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


# --- Russian names -------------------------------------------------------------------------

# Ukrainian to Russian for the regular parts of a place name, for units GeoNames gives no Russian
# name for. Prefixes (Під- -> Под-, Біло- -> Бело-), endings (longest first; -не -> -ное, the
# adjective of a two-word name -а -> -ая), then letters. This recovers the shapes English text
# inherited from Russian (-ovka, -skoye, -sky, g for h); irregular stems are left to the matcher.
_RU_ENDINGS = [("іївка", "еевка"), ("ївка", "евка"),
               # Russian writes unstressed о as е after ж ш ч щ ц: Петрушівка -> Петрушевка
               ("жівка", "жевка"), ("шівка", "шевка"), ("чівка", "чевка"), ("щівка", "щевка"),
               ("цівка", "цевка"), ("івка", "овка"), ("івськ", "овск"), ("ський", "ский"),
               ("цький", "цкий"), ("ська", "ская"), ("цька", "цкая"), ("ське", "ское"),
               ("цьке", "цкое"), ("зький", "зский"), ("зька", "зская"), ("зьке", "зское"),
               ("ськ", "ск"), ("цьк", "цк"), ("зьк", "зск"), ("їв", "ев"), ("ів", "ов"),
               ("піль", "поль"),
               ("ине", "ино"), ("іне", "ино"), ("ове", "ово"), ("еве", "ево"), ("єве", "ево"),
               # -ый, but -ий after к г х and the hushing consonants (Великий, Вовчий)
               ("кий", "кий"), ("гий", "гий"), ("хий", "хий"), ("жий", "жий"), ("ший", "ший"),
               ("чий", "чий"), ("щий", "щий"), ("ий", "ый")]
_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": "",
                             "ʼ": ""})


_RU_PREFIXES = [("ганн", "анн"), ("під", "под"), ("біло", "бело"), ("біл", "бел"), ("нове", "ново")]
_CONSONANTS = set("бвгґджзйклмнпрстфхцчшщ")
# after these a final -е is a noun's (Хрестище/Крестище), not the neuter adjective's -ое (after
# ж ч ш it is the possessive adjective's -ье)
_HUSHING = set("жчшщц")
# Stems with a regular Russian counterpart wherever they occur: the given names in place names
# (Олександр/Александр, Микола/Николай, Микита/Никита, Володимир/Владимир, Катерина/Екатерина,
# Костянтин/Константин; Ганна/Анна is a prefix above)
# and Ukrainian ов for the older ол before a consonant (Вовча/Волчья, Довга/Долгая,
# Жовта/Желтая, Шовкове/Шелковое).
_RU_STEMS = [("олекс", "алекс"), ("микол", "никол"), ("микит", "никит"), ("микиф", "никиф"),
             ("володимир", "владимир"), ("катерин", "екатерин"), ("костянтин", "константин"),
             ("вовч", "волч"), ("вовк", "волк"), ("довг", "долг"), ("довж", "долж"),
             ("жовт", "желт"), ("товст", "толст"), ("шовк", "шелк"), ("мовч", "молч"),
             # the stone (Кам'янка/Каменка), and і for an old о in a closed syllable in the
             # commonest stems: the mountain (Гірське/Горское, Підгірне/Подгорное), the free
             # (Вільне/Вольное); Russian has no prothetic в (Вільхівка/Ольховка)
             ("кам'ян", "камен"), ("гір", "гор"), ("вільн", "вольн"), ("вільх", "ольх"),
             ("вільш", "ольш"), ("рівн", "ровн"), ("микіль", "николь"),
             # common words whose Russian cognates differ regularly: the rich, the Cossack, the
             # black, the cross, the oak grove, the sun, the bear
             ("багат", "богат"), ("козак", "казак"), ("козач", "казач"), ("козац", "казац"),
             ("чорн", "черн"), ("хрест", "крест"), ("хрещ", "крещ"), ("дібр", "дубр"),
             ("сонячн", "солнечн"), ("сонц", "солнц"), ("ведмеж", "медвеж"), ("ведмед", "медвед"),
             ("ведмід", "медвед")]
# Russian раз-/рас- for the Ukrainian prefix роз- (Роздольне/Раздольное, Розсохівка/Рассоховка)
_RU_VOICELESS = set("кпстфхцчшщ")
# A doubled consonant before final я is Russian consonant + ье (Тихопілля/Тихополье,
# Заріччя/Заречье), and so is an apostrophe before it (Загір'я/Загорье).
_GEMINATE_END = re.compile(r"([бвгджзклмнпрстфхцчшщ])\1я$|([бвмпфр])'я$")
# Ordinals in names are translated, not transliterated: Друга -> Вторая
_RU_WORDS = {"перша": "первая", "перше": "первое", "перший": "первый", "друга": "вторая",
             "друге": "второе", "другий": "второй", "третя": "третья", "третє": "третье",
             "третій": "третий", "нижня": "нижняя", "нижнє": "нижнее", "нижній": "нижний",
             "верхня": "верхняя", "верхнє": "верхнее", "верхній": "верхний"}
# Nouns whose Russian cognate differs: the dawn (Нова Зоря/Новая Заря)
_RU_NOUNS = {"зоря": "заря"}


def russian_guess(name_uk: str) -> str:
    words = []
    n_words = len(name_uk.split(" "))
    for w, word in enumerate(name_uk.split(" ")):
        parts = []
        for part in word.split("-"):
            low = part.lower().replace("’", "'").replace("ʼ", "'")
            if low in _RU_WORDS or low in _RU_NOUNS:
                ru = _RU_WORDS.get(low) or _RU_NOUNS[low]
                parts.append(ru.capitalize() if part[:1].isupper() else ru)
                continue
            for uk, ru in _RU_STEMS:
                low = low.replace(uk, ru)
            for uk, ru in _RU_PREFIXES:
                if low.startswith(uk) and len(low) > len(uk) + 2:
                    low = ru + low[len(uk):]
                    break
            if low.startswith("роз") and len(low) > 6 and low[3] in _CONSONANTS:
                low = ("рас" if low[3] in _RU_VOICELESS else "раз") + low[3:]
            low = _GEMINATE_END.sub(lambda m: (m.group(1) or m.group(2)) + "ье", low)
            for uk, ru in _RU_ENDINGS:
                if low.endswith(uk):
                    low = low[: -len(uk)] + ru
                    break
            else:
                if low.endswith("не") and low[-3:-2] in _CONSONANTS:
                    low = low[:-1] + "ое"  # Піддубне -> Поддубное
                elif n_words == 1 and len(low) > 3 and low.endswith(("же", "че", "ше")):
                    low = low[:-1] + "ье"  # the possessive adjective: Козаче -> Казачье
                elif n_words == 1 and len(low) > 3 and low.endswith("е") \
                        and low[-2:-1] in _CONSONANTS and low[-2:-1] not in _HUSHING:
                    low = low[:-1] + "ое"  # the neuter adjective: Круте -> Крутое
                elif n_words > 1 and w < n_words - 1 and low.endswith(("а", "е")) \
                        and name_uk.split(" ")[w + 1].lower() not in _RU_WORDS:
                    # the adjective of a two-word name: Велика -> Великая, Нове -> Новое
                    # (but the noun before an ordinal stays: Ягодинка Друга)
                    low = low[:-1] + ("ая" if low.endswith("а") else "ое")
                elif len(low) > 3 and low[-1:] in _CONSONANTS and low[-2:-1] == "і" \
                        and low[-3:-2] in _CONSONANTS:
                    # і in a closed last syllable is an old о: Брід -> Брод, Табір -> Табор
                    low = low[:-2] + "о" + low[-1:]
            low = low.translate(_RU_LETTERS)
            parts.append(low[:1].upper() + low[1:] if part[:1].isupper() else low)
        words.append("-".join(parts))
    return " ".join(words)


def russian_guesses(name_uk: str) -> list[str]:
    """``russian_guess`` first, then the other regular readings where Russian has two (each
    combined with the others: Пчолине -> Пчолино, Пчолиное, Пчелино, Пчелиное)."""
    uk = name_uk.replace("’", "'")
    out = [russian_guess(name_uk)]
    for reading in _SECOND_READINGS:
        out += [alt for alt in (reading(uk, guess) for guess in out) if alt and alt not in out]
    return out


# Endings with two regular Russian readings: (Ukrainian ending, the first reading's ending, the
# second's). A name in -ове is a possessive (Скворцове -> Скворцово) or an adjective (Степове
# -> Степовое), and so is -ине or -іне (Олексине -> Алексино, Пчолине -> Пчелиное); -ів is
# -ов, or -ев after a soft or hushing consonant (Козирів/Козырев, Карачинців/Карачинцев);
# -піль is -поль, but English text often keeps the Ukrainian ending after a Russian stem
# (Аннопиль beside Аннополь for Ганнопіль); -іївка is -еевка after a given name in -ей
# (Андріївка/Андреевка), -ьевка or -иевка after one in -ий (Юріївка/Юрьевка, Огіївка/Огиевка);
# a name in -не is the adjective's -ное (Зарічне/Заречное) or a noun's -но (Рівне/Ровно).
_ENDING_READINGS = [("ове", "ово", "овое"), ("еве", "ево", "евое"), ("єве", "ево", "евое"),
                    ("ине", "ино", "иное"), ("іне", "ино", "иное"), ("ів", "ов", "ев"),
                    ("піль", "поль", "пиль"), ("іївка", "еевка", "ьевка"),
                    ("іївка", "еевка", "иевка"), ("не", "ное", "но")]


def _ending_reading(end: str, first: str, second: str) -> Callable[[str, str], str | None]:
    def reading(uk: str, guess: str) -> str | None:
        if uk.endswith(end) and guess.endswith(first):
            return guess[: -len(first)] + second
        return None
    return reading


def _closed_o(uk: str, guess: str) -> str | None:
    # і before two consonants is often an old о (Містки/Мостки, Кінне/Конное)
    m = re.search("(?<=[бвгґджзклмнпрстфхцчшщ])і(?=[бвгґджзклмнпрстфхцчшщ]{2})", uk.lower())
    if m is None or guess[m.start():m.start() + 1].lower() != "и":
        return None
    return guess[:m.start()] + "о" + guess[m.start() + 1:]


def _jo(uk: str, guess: str) -> str | None:
    # Ukrainian ьо, and йов after a vowel, are Russian е (ё): Сьомаки/Семаки, Бойове/Боевое
    alt = re.sub("ьо", "е", re.sub("(?<=[аеоуи])йов", "ев", guess))
    return alt if alt != guess else None


def _bolshaya(uk: str, guess: str) -> str | None:
    # Велика is Великая in the Soviet Russian names but often Большая in Russian use
    first, _, rest = guess.partition(" ")
    return f"{_RU_BIG[first]} {rest}" if rest and first in _RU_BIG else None


def _zsk(uk: str, guess: str) -> str | None:
    # Ukrainian зьк is Russian зск or жск (Кавказька/Кавказская, Запорізька/Запорожская)
    return guess.replace("зск", "жск") if "зьк" in uk and "зск" in guess else None


def _ksk(uk: str, guess: str) -> str | None:
    # an adjective in -цьк- from a noun in -к is -кск- in Russian (Кодацьке/Кодакское)
    if uk.endswith(("цьке", "цька", "цький")) and "цк" in guess:
        head, _, tail = guess.rpartition("цк")
        return head + "кск" + tail
    return None


def _hushing_o(uk: str, guess: str) -> str | None:
    # Ukrainian о after ч ш ж is often Russian е (Пчолине/Пчелиное, Чорнобаївка/Чернобаевка)
    alt = re.sub("(?<=.)([чшж])о", r"\1е", guess)
    return alt if alt != guess else None


def _geminate_o(uk: str, guess: str) -> str | None:
    # і before a doubled consonant is an old е (Заріччя/Заречье, which the e-i tolerance of
    # rebuilt names covers) or о (Тихопілля/Тихополье)
    if re.search(r"і([бвгджзклмнпрстфхцчшщ])(\1|')я$", uk) and re.search(r"и.ье$", guess):
        return guess[:-4] + "о" + guess[-3:]
    return None


def _olen(uk: str, guess: str) -> str | None:
    # Олен- is the deer, or Олена, which Russian spells Елена (Оленівка -> Еленовка)
    return "Е" + guess[1:] if guess.startswith("Олен") else None


_SECOND_READINGS = (*(_ending_reading(*r) for r in _ENDING_READINGS), _closed_o, _jo, _bolshaya,
                    _zsk, _ksk, _hushing_o, _geminate_o, _olen)


_RU_BIG = {"Великая": "Большая", "Великий": "Большой", "Великое": "Большое"}


# --- variant generation ---------------------------------------------------------------------

_BGN_RU = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
           "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
           "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
           "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
           "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}
_RU_VOWELS = set("аеёиоуыэюяіїє")


def bgn_pcgn_russian(text: str) -> str:
    """BGN/PCGN (1947) romanisation of Russian, without its diacritics and apostrophes:
    е and ё are ye and yo at the start of a word, after a vowel and after ъ/ь."""
    out = []
    prev = ""
    for ch in text:
        low = ch.lower()
        if low in _BGN_RU:
            if low in "её" and (not prev or prev in _RU_VOWELS or prev in "ъь"):
                piece = "ye" if low == "е" else "yo"
            else:
                piece = _BGN_RU[low]
            if ch.isupper() and piece:
                piece = piece[0].upper() + piece[1:]
            out.append(piece)
            prev = low
        else:
            out.append(ch)
            prev = ""
    return "".join(out)

_TABLES = {s: getattr(translitua, s) for s in UK_SYSTEMS + RU_SYSTEMS if s != "BGN/PCGN"}


def romanise(text: str, system: str) -> str:
    return translitua.translit(text, _TABLES[system])


def _is_latin(s: str) -> bool:
    folded = fold(s)
    return bool(folded) and all(c.isascii() for c in folded) and any(c.isalpha() for c in folded)


def _sounds_alike(name_ru: str, name_uk: str) -> bool:
    """Whether a Russian name is the same name as the Ukrainian one (Харьков, Харків), not
    another name (Скворцово, Кленівка): their sound keys are at most a third apart."""
    a = phonetic_key(fold(romanise(name_ru, "RussianICAO")))
    b = phonetic_key(fold(kmu2010(name_uk)))
    return key_distance(a, b) <= max(1, min(len(a), len(b)) // 3)


# э after a consonant, rare in Russian words (мэр) and never in Russian forms of Ukrainian
# place names, marks a Ukrainian е spelt with Russian letters (Вэсэлэ, Тарутынэ)
_NOT_RUSSIAN = re.compile(r"ў|[бвгджзклмнпрстфхцчшщ]э", re.IGNORECASE)


def _not_russian(name: str) -> bool:
    return _NOT_RUSSIAN.search(name) is not None


def _is_cyrillic(s: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in s) and not any(
        c.isascii() and c.isalpha() for c in s)


def _reading(form: str, postings: dict[int, int], official_keys: list[str]) -> str:
    """The phonetic key of a form in the reading its own units' names give it: j is Ж in the
    French romanisation (Rojny, Рожни) and a glide in the German one (Jenakijewe), German ch is
    Х. Keyed in the usual reading, "rojny" would sound like a query "Rony" (Romny garbled)."""
    readings = phonetic_keys(form)
    if len(readings) == 1:
        return readings[0]
    names = {official_keys[u] for u in postings}
    # min() keeps the first of equals: the usual reading wins a tie
    return min(readings, key=lambda k: min(key_distance(k, n) for n in names))


class Forms:
    """folded form -> {unit index: tag mask}, for one index (Latin, Cyrillic or short)."""

    def __init__(self) -> None:
        self.by_form: dict[str, dict[int, int]] = collections.defaultdict(dict)
        self.tag_counts: collections.Counter[str] = collections.Counter()

    def add(self, form: str, unit: int, tag: str) -> None:
        if not form or len(form) < 2:
            return
        postings = self.by_form[form]
        if not postings.get(unit, 0) & BIT[tag]:
            self.tag_counts[tag] += 1
        postings[unit] = postings.get(unit, 0) | BIT[tag]

    def add_ukrainian(self, name_uk: str, unit: int, tag: str | None, latin: Forms) -> None:
        """A Ukrainian Cyrillic name and its romanisations in every Ukrainian system."""
        self.add(fold_cyrillic(name_uk), unit, tag or "official-cyrillic")
        latin.add(fold(kmu2010(name_uk)), unit, "official" if tag is None else tag)
        for system in UK_SYSTEMS:
            latin.add(fold(romanise(name_uk, system)), unit, tag or f"uk:{system}")

    def add_russian(self, name_ru: str, unit: int, tag: str, latin: Forms) -> None:
        self.add(fold_cyrillic(name_ru), unit, tag)
        # a reconstructed Russian name is a guess: its romanisations carry only that tag, so the
        # matcher can weigh them as weak evidence
        guessed = tag in ("russian-name:reconstructed", "former-name-reconstructed",
                          "former-name-historical", "geonames-other-name")
        for system in RU_SYSTEMS[:-1]:
            latin_ru = romanise(name_ru, system)
            if not latin_ru.isascii():
                # a Russian name in a scholarly system (ISO 9: Šerovo, Sâdovè) folds to a
                # spelling nobody writes ("serovo", "sadove") that collides with other places'
                continue
            latin.add(fold(latin_ru), unit, tag if guessed else f"ru:{system}")
        # BGN/PCGN for Russian, the system behind the usual English forms (Nikolayev, Zaporozhye,
        # Artyomovsk, Krivoy Rog); translitua does not implement it
        latin.add(fold(bgn_pcgn_russian(name_ru)), unit, tag if guessed else "ru:BGN/PCGN")

    def dump(self, masks: dict[int, int]) -> dict[str, str]:
        """form -> "unit:m unit:m", m indexing the shared table of tag masks (few distinct)."""
        out = {}
        for f, p in sorted(self.by_form.items()):
            out[f] = " ".join(f"{u}:{masks.setdefault(m, len(masks))}"
                              for u, m in sorted(p.items()))
        return out


# Ukraine's name and adjective in every case: Ukrainian, then Russian
_COUNTRY_WORDS_UK = ["Україн" + e for e in ("а", "и", "і", "у", "ою", "о")] + [
    "Українськ" + e for e in ("ий", "а", "е", "і", "ого", "ої", "ому", "ій", "им", "ою", "у",
                              "их", "ими")]
_COUNTRY_WORDS_RU = ["Украин" + e for e in ("а", "ы", "е", "у", "ой", "ою")] + [
    "Украинск" + e for e in ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "им", "ую", "их",
                             "ими", "ом")]


def country_words() -> list[str]:
    """Ukraine's own name and adjective, every case in every romanisation: Ukraina, Ukrayinu,
    Ukrainskoy. These are the commonest words of the news, and each is a few edits from
    Ukrainka or Ukrainsk, which they never mean."""
    words = {fold(kmu2010(w)) for w in _COUNTRY_WORDS_UK + _COUNTRY_WORDS_RU}
    # Russian Украина has no letter only Russian writes: a query may be read either way
    words |= {fold(romanise(w, s)) for s in UK_SYSTEMS
              for w in _COUNTRY_WORDS_UK + _COUNTRY_WORDS_RU}
    words |= {fold(romanise(w, s)) for s in RU_SYSTEMS[:-1] for w in _COUNTRY_WORDS_RU}
    words |= {fold(bgn_pcgn_russian(w)) for w in _COUNTRY_WORDS_RU}
    return sorted(words)


# --- GeoNames linking ------------------------------------------------------------------------

SETTLEMENT_CATS = ("K", "M", "X", "C")


def _distance_km(a: dict, b: dict) -> float:
    return distance_km((a["latitude"], a["longitude"]), (b["latitude"], b["longitude"]))


def link_geonames(units: list[dict], places: list[dict], former: dict[int, list[str]]):
    """Link each GeoNames place to one unit; returns (links, method counts, unlinked, admin1).

    Methods, in order: the Cyrillic name within the oblast; then Latin forms (KMU, and the
    Russian reading of the Ukrainian name) within the oblast; ties broken by kind (a place of
    10,000 people is a city), by Russian name, and finally by neighbours: the unit whose hromada
    (or raion) holds the already-linked places within 15 km. Anything still open is reported.
    """
    by_oblast_name: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    by_oblast_latin: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for i, u in enumerate(units):
        if u["cat"] not in SETTLEMENT_CATS:
            continue
        ob = u["oblast_code"]
        by_oblast_name[(ob, fold_cyrillic(u["name_uk"]))].append(i)
        guess = russian_guess(u["name_uk"])
        if fold_cyrillic(guess) != fold_cyrillic(u["name_uk"]):
            by_oblast_name[(ob, fold_cyrillic(guess))].append(i)
        for form in {fold(u["name"]), fold(romanise(guess, "RussianICAO")),
                     fold(romanise(guess, "RussianInternationalPassport1997Reduced"))}:
            by_oblast_latin[(ob, form)].append(i)
        for old in former.get(i, []):
            by_oblast_name[(ob, fold_cyrillic(old))].append(i)
            by_oblast_name[(ob, fold_cyrillic(russian_guess(old)))].append(i)

    def cyr_names(p: dict) -> list[str]:
        return sorted({fold_cyrillic(a) for a in p["alternatenames"] if _is_cyrillic(a)})

    # GeoNames admin1 codes -> KATOTTG oblast, learnt from places whose Cyrillic name occurs
    # in exactly one oblast of the codifier (a vote, recorded in the report); the two cities
    # with special status are their own admin1 units in both.
    name_oblasts: dict[str, set[str]] = collections.defaultdict(set)
    for (ob, nm) in by_oblast_name:
        name_oblasts[nm].add(ob)
    votes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for p in places:
        for nm in cyr_names(p):
            if len(name_oblasts.get(nm, ())) == 1:
                votes[p["admin1code"]][next(iter(name_oblasts[nm]))] += 1
    admin1 = {a: c.most_common(1)[0][0] for a, c in votes.items()}
    for u in units:
        if u["cat"] == "K":
            named = [p for p in places if fold_cyrillic(u["name_uk"]) in cyr_names(p)]
            if named:
                admin1[max(named, key=lambda p: p["population"])["admin1code"]] = u["oblast_code"]

    def kind_rank(i: int, pop: int) -> int:
        # a place of 10,000 people is a city rather than a settlement or a village; one of
        # 3,000 is a city or a settlement rather than a village
        cat = units[i]["cat"]
        if pop >= 10000:
            return {"K": 0, "M": 0, "X": 1, "C": 2}[cat]
        if pop >= 3000:
            return 1 if cat == "C" else 0
        return 0

    links: dict[int, tuple[int, str]] = {}
    pending: dict[int, tuple[set[int], str]] = {}
    unlinked: list[tuple[dict, str]] = []
    for p in places:
        ob = admin1.get(p["admin1code"])
        if ob is None:
            unlinked.append((p, "admin1 code not mapped"))
            continue
        cands: set[int] = set()
        method = ""
        for nm in cyr_names(p):
            cands.update(by_oblast_name.get((ob, nm), ()))
        if cands:
            method = "cyrillic name in oblast"
        else:
            for alt in [p["name"]] + [a for a in p["alternatenames"] if _is_latin(a)]:
                cands.update(by_oblast_latin.get((ob, fold(alt)), ()))
            if cands:
                method = "latin name in oblast"
        if not cands:
            unlinked.append((p, "no unit of that name in the oblast"))
            continue
        if len(cands) > 1:
            best = min(kind_rank(i, p["population"]) for i in cands)
            narrowed = {i for i in cands if kind_rank(i, p["population"]) == best}
            if len(narrowed) < len(cands):
                cands, method = narrowed, method + ", then kind by population"
        if len(cands) > 1:
            ru = set(cyr_names(p))
            narrowed = {i for i in cands if fold_cyrillic(russian_guess(units[i]["name_uk"])) in ru}
            if 0 < len(narrowed) < len(cands):
                cands, method = narrowed, method + ", then Russian name"
        if len(cands) > 1:
            pending[p["geonameid"]] = (cands, method)
            continue
        links[p["geonameid"]] = (next(iter(cands)), method)

    place_by_id = {p["geonameid"]: p for p in places}

    def parent(i: int, cat: str) -> int | None:
        return next((j for j in units[i]["parents"] if units[j]["cat"] == cat), None)

    for _ in range(3):  # newly linked places help their neighbours in the next round
        progress = False
        linked = [(place_by_id[g], u) for g, (u, _) in links.items()]
        for gid, (cands, method) in sorted(pending.items()):
            p = place_by_id[gid]
            score: collections.Counter[int] = collections.Counter()
            for q, u in linked:
                if abs(q["latitude"] - p["latitude"]) > 0.2 or \
                        abs(q["longitude"] - p["longitude"]) > 0.3:
                    continue
                d = _distance_km(p, q)
                if d > 25:
                    continue
                for c in cands:
                    if parent(c, "H") is not None and parent(c, "H") == parent(u, "H"):
                        score[c] += 2 / (1 + d)
                    elif parent(c, "P") is not None and parent(c, "P") == parent(u, "P"):
                        score[c] += 1 / (1 + d)
            ranked = score.most_common(2)
            if ranked and (len(ranked) == 1 or ranked[0][1] > 1.5 * ranked[1][1]):
                links[gid] = (ranked[0][0], method + ", then neighbours' hromada")
                del pending[gid]
                progress = True
        if not progress:
            break
    # Still open: the unit whose hromada centre (a linked settlement the hromada is named after)
    # is clearly the nearest, within 30 km.
    centre_place: dict[int, dict] = {}
    for g, (u, _) in links.items():
        for h in units[u].get("centre_of", ()):
            centre_place.setdefault(h, place_by_id[g])
    for gid, (cands, method) in sorted(pending.items()):
        p = place_by_id[gid]
        dist = sorted((_distance_km(p, centre_place[h]), c) for c in cands
                      if (h := parent(c, "H")) is not None and h in centre_place)
        if dist and dist[0][0] <= 30 and (len(dist) == 1 or 1.5 * dist[0][0] < dist[1][0]) \
                and len(dist) >= len(cands) - 1:
            links[gid] = (dist[0][1], method + ", then nearest hromada centre")
            del pending[gid]
            continue
        # last: the raion whose centre is clearly the nearest (half the distance of the next)
        dist = sorted((_distance_km(p, centre_place[r]), c) for c in cands
                      if (r := parent(c, "P")) is not None and r in centre_place)
        raions = {parent(c, "P") for _, c in dist[:1]}
        same_raion = [c for d, c in dist if parent(c, "P") in raions]
        if dist and len(dist) == len(cands) and dist[0][0] <= 50 and len(same_raion) == 1 and \
                (len(dist) == 1 or 2 * dist[0][0] < dist[1][0]):
            links[gid] = (dist[0][1], method + ", then nearest raion centre")
            del pending[gid]
    for gid, (cands, _) in pending.items():
        unlinked.append((place_by_id[gid], f"{len(cands)} units of that name in the oblast"))
    # The special-status cities have no settlements of their own in the codifier: a GeoNames
    # place inside one (a neighbourhood, a village GeoNames files under the city) lies in that
    # unit, which is a fact, not a guess.
    special = {u["oblast_code"]: i for i, u in enumerate(units) if u["cat"] == "K"}
    still = []
    for p, why in unlinked:
        ob = admin1.get(p["admin1code"])
        if ob in special and why.startswith("no unit"):
            links[p["geonameid"]] = (special[ob], "inside a special-status city")
        else:
            still.append((p, why))
    unlinked = still
    methods = collections.Counter(m for _, m in links.values())
    return links, methods, unlinked, admin1


# --- short forms of oblasts, raions and hromadas --------------------------------------------

# (the с of a stem in -с merges with -ський: Одеса -> Одеський, Черкаси -> Черкаський; so do
# the н and в of Буча(н)ський, Рівне(н)ський, Дніпро(в)ський, Полог(ів)ський)
_ADJ_ENDINGS = ["ський", "цький", "зький", "ська", "цька", "зька", "ький", "нський", "вський",
                "івський", "енський", "инський", "ецький", "ий", "а"]
_NOUN_ENDINGS = ["", "ськ", "цьк", "ь", "и", "і", "е", "а", "я", "ці", "зьк", "о", "ка", "ів",
                 "їв", "са", "си", "ча", "к", "ч", "ки", "ево"]


def centre_noun(adjective: str, members: list[int], units: list[dict]) -> int | None:
    """The settlement a raion or hromada is named after, among its members, if there is one."""
    names: dict[str, list[int]] = collections.defaultdict(list)
    for i in members:
        if units[i]["cat"] in SETTLEMENT_CATS:
            names[units[i]["name_uk"]].append(i)
    stems = []
    for end in _ADJ_ENDINGS:
        if adjective.endswith(end):
            stems.append(adjective[: -len(end)])
    rank = {"K": 0, "M": 0, "X": 1, "C": 2}
    # the adjective may be the settlement's own name (Кропивницький); a stem in -й is a noun
    # in -я (Олександрійський -> Олександрія)
    tries = [adjective] + [stem + end for stem in stems for end in _NOUN_ENDINGS]
    tries += [stem[:-1] + "я" for stem in stems if stem.endswith("й")]
    tries += [stem[:-1] for stem in stems if stem.endswith("ь")]  # Ізмаїльський -> Ізмаїл
    for name in tries:
        hits = names.get(name)
        if hits:
            return min(hits, key=lambda i: (rank[units[i]["cat"]], units[i]["id"]))
    return None


def main(argv: list[str] | None = None) -> None:
    import argparse

    global DATA, REPORT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the artifacts and the report into this "
                        "folder instead of toponorm/data and gazetteer/ (for checks, benchmarks)")
    args = parser.parse_args(argv)
    if args.out:
        DATA = REPORT = args.out
    started = time.perf_counter()
    units = read_katottg()
    index = {u["id"]: i for i, u in enumerate(units)}
    for u in units:
        lv = u["levels"]
        u["oblast_code"] = lv[0][:4]
        u["parents"] = [index[c] for c in lv[:4] if c and c != u["id"]]
        if u["cat"] in ("O", "K", "P", "H"):
            pass
        u["name"] = kmu2010(u["name_uk"])

    oblast_rows = {r["name_uk"]: r for r in read_tsv(HERE / "curated" / "oblast_names.tsv")}
    former_rows = read_tsv(HERE / "curated" / "former_names.tsv") \
        if (HERE / "curated" / "former_names.tsv").exists() else []

    # former names: (current name, oblast code or raion code) -> unit
    former: dict[int, list[str]] = collections.defaultdict(list)
    # names given up before independence (Grishino for Pokrovsk, 1934) are weak evidence:
    # rarely written today, and near many other words
    historical: set[tuple[int, str]] = set()
    former_missing = []
    # each former name with when it was borne and where that is written
    dated: dict[int, list[tuple[str, str, str]]] = collections.defaultdict(list)
    for r in former_rows:
        scope = r["oblast_code"]
        hits = [i for i, u in enumerate(units)
                if u["cat"] in SETTLEMENT_CATS and u["name_uk"] == r["current_uk"]
                and (u["oblast_code"] == scope or scope in u["levels"])]
        if len(hits) == 1:
            former[hits[0]].append(r["former_uk"])
            dated[hits[0]].append((r["former_uk"], r["years"], r["source"]))
            years = [int(y) for y in re.findall(r"\d{4}", r["years"])]
            if years and max(years) < 1991:
                historical.add((hits[0], r["former_uk"]))
        else:
            former_missing.append((r, len(hits)))

    # the names older codifier editions give a settlement's code (renamings since 2021)
    for r in read_tsv(HERE / "sources" / "katottg_renames.tsv"):
        i = index.get(r["code"])
        old = r["name_before"]
        if i is None or old == units[i]["name_uk"] or old in former[i]:
            continue
        if units[i]["cat"] in SETTLEMENT_CATS:
            # (a raion's or hromada's former name is recorded, not matched: it is mostly its
            # centre's former name, which the centre answers to)
            former[i].append(old)
        dated[i].append((old, f"until the codifier edition of {r['edition_before']}",
                         f"KATOTTG codifier, editions {r['edition_before']} and "
                         f"{r['edition_after']}"))

    # the names KOATUU gave a settlement's code before the renamings of 2016 (decommunisation)
    for r in read_tsv(HERE / "sources" / "koatuu_renames.tsv"):
        i = index.get(r["code"])
        old = r["name_before"]
        if i is None or old == units[i]["name_uk"] or old in former[i]:
            continue
        former[i].append(old)
        dated[i].append((old, f"in KOATUU of {r['edition_before']}, renamed by its edition of "
                              f"{r['edition_after']}",
                         f"KOATUU, editions {r['edition_before']} and {r['edition_after']} "
                         f"(code {r['koatuu']})"))

    # the raions of before the 2020 reform, each a former name of the raion that took it over
    old_raions: dict[int, set[str]] = collections.defaultdict(set)
    for r in read_tsv(HERE / "sources" / "koatuu_raions.tsv"):
        i = index[r["raion_code"]]
        if r["name_uk"] == units[i]["name_uk"] or r["name_uk"] in old_raions[i]:
            continue
        old_raions[i].add(r["name_uk"])
        dated[i].append((f"{r['name_uk']} район", f"until the raion reform of July 2020 "
                         f"(KOATUU of {r['edition']})",
                         f"KOATUU (code {r['koatuu']}); the transition table from KOATUU to "
                         f"the codifier puts {float(r['share']):.0%} of its settlements here"))

    children: dict[int, list[int]] = collections.defaultdict(list)
    for i, u in enumerate(units):
        for par in u["parents"]:
            children[par].append(i)
    for i, u in enumerate(units):
        if u["cat"] in ("P", "H"):
            centre = centre_noun(u["name_uk"].strip(), children[i], units)
            u["centre"] = centre
            if centre is not None:
                units[centre].setdefault("centre_of", []).append(i)

    places = [json.loads(ln) for ln in
              (HERE / "sources" / "geonames_ua_cities500.jsonl").read_text("utf-8").splitlines()]
    links, link_methods, unlinked, admin1 = link_geonames(units, places, former)
    place_by_id = {p["geonameid"]: p for p in places}
    # a unit takes the coordinates and population of its most populous linked place
    unit_place: dict[int, dict] = {}
    for gid, (unit, _) in sorted(links.items()):
        p = place_by_id[gid]
        if unit not in unit_place or p["population"] > unit_place[unit]["population"]:
            unit_place[unit] = p

    latin, cyrillic, short = Forms(), Forms(), Forms()
    city_names = {fold_cyrillic(u["name_uk"]) for u in units if u["cat"] in ("M", "K")}
    city_latin = {fold(u["name"]) for u in units if u["cat"] in ("M", "K")}
    conflicts: list[tuple[str, str]] = []

    for i, u in enumerate(units):
        cat = u["cat"]
        if cat in ("O", "P", "H"):
            # "Donetsk Oblast", "Bakhmut Raion": the noun the unit is named after
            if cat == "O":
                row = oblast_rows[u["name_uk"]]
                u["short"] = row["short_en"]
                short.add_ukrainian(row["short_uk"], i, "short-name", short)
                short.add_russian(row["short_ru"], i, "short-name", short)
                short.add(fold(row["short_en"]), i, "short-name")
            else:
                centre = u["centre"]
                noun = units[centre]["name_uk"] if centre is not None else u["name_uk"]
                u["short"] = kmu2010(noun)
                short.add_ukrainian(noun, i, "short-name", short)
                short.add_russian(russian_guess(noun), i, "short-name", short)
            # the adjective itself, Ukrainian and Russian (Donetska, Donetskaya)
            short.add_ukrainian(u["name_uk"], i, "short-name", short)
            short.add_russian(russian_guess(u["name_uk"]), i, "short-name", short)
            # a raion the 2020 reform merged into this one: "Velykonovosilkivskyi raion"
            for adjective in sorted(old_raions.get(i, ())):
                short.add_ukrainian(adjective, i, "former-name", short)
                short.add_russian(russian_guess(adjective), i, "former-name-reconstructed",
                                  short)
            suffix = {"O": " oblast", "P": " raion", "H": " hromada"}[cat]
            if u["name_uk"].startswith("Автономна"):
                suffix = ""
            u["name"] = kmu2010(u["name_uk"]) + suffix
            continue
        if cat == "K" and u["name_uk"] in oblast_rows:
            pass
        cyrillic.add_ukrainian(u["name_uk"], i, None, latin)
        if cat == "B":
            continue  # city districts: official forms only; they are named in local context
        place = unit_place.get(i)
        ru_names = []
        # names the place bore or bears unofficially, in Ukrainian and in Russian spelling
        other_uk: list[str] = []
        other_ru: list[str] = []
        if place is not None:
            own = {fold_cyrillic(o) for o in former.get(i, [])} | {fold_cyrillic(u["name_uk"])}
            # a Russian alternate that is the Russian form of a curated former name is that
            # former name (Александровск for Zaporizhzhia, attested by GeoNames), not the
            # place's Russian name today
            former_ru = {fold_cyrillic(russian_guess(o)) for o in former.get(i, [])}
            for alt in place["alternatenames"]:
                # GeoNames alternates hold mistakes: one that is the official name of another
                # city (not this unit's own former name) is dropped and counted in the report
                if (fold_cyrillic(alt) in city_names or fold(alt) in city_latin) \
                        and fold_cyrillic(alt) not in own and fold(alt) != fold(u["name"]):
                    conflicts.append((u["name"], alt))
                    continue
                if _is_latin(alt):
                    latin.add(fold(alt), i, "geonames-latin")
                elif not _is_cyrillic(alt) or fold_cyrillic(alt) in own:
                    continue  # another script, or the official or a curated former name
                elif has_ukrainian_letters(alt):
                    # Ukrainian spelling that is not the official name: a former or variant
                    # name (Петрівка for Balabyne), not a Russian name
                    other_uk.append(alt)
                elif _not_russian(alt):
                    # Belarusian (ў), or a Ukrainian name spelt out in Russian letters (Вэсэлэ):
                    # neither is how Russian writes the place, and its romanisations add
                    # nothing the Ukrainian forms lack
                    continue
                elif fold_cyrillic(alt) not in former_ru and _sounds_alike(alt, u["name_uk"]):
                    ru_names.append(alt)
                else:
                    # another name altogether (Скворцово for Klenivka): an old name the place
                    # no longer bears, not its Russian name
                    other_ru.append(alt)
            latin.add(fold(place["name"]), i, "geonames-latin")
        for alt in sorted(set(ru_names)):
            cyrillic.add_russian(alt, i, "russian-name:geonames", latin)
        for alt in sorted(set(other_uk)):
            cyrillic.add_ukrainian(alt, i, "geonames-other-name", latin)
        for alt in sorted(set(other_ru)):
            cyrillic.add_russian(alt, i, "geonames-other-name", latin)
        if not ru_names:
            for guess in russian_guesses(u["name_uk"]):
                cyrillic.add_russian(guess, i, "russian-name:reconstructed", latin)
        for old in former.get(i, []):
            if (i, old) in historical:
                cyrillic.add_ukrainian(old, i, "former-name-historical", latin)
                cyrillic.add_russian(russian_guess(old), i, "former-name-historical", latin)
                continue
            cyrillic.add_ukrainian(old, i, "former-name-cyrillic", latin)
            latin.add(fold(kmu2010(old)), i, "former-name")
            cyrillic.add_russian(russian_guess(old), i, "former-name-reconstructed", latin)

    rows = []
    for i, u in enumerate(units):
        p = unit_place.get(i)
        parents = {units[j]["cat"]: j for j in u["parents"]}
        rows.append([
            u["id"], u["cat"], u["name_uk"], u["name"], u.get("short", ""),
            parents.get("O", parents.get("K", -1)), parents.get("P", -1), parents.get("H", -1),
            p["geonameid"] if p else 0,
            round(p["latitude"], 5) if p else None, round(p["longitude"], 5) if p else None,
            p["population"] if p else 0,
        ])

    # every short form is curated or derived from the unit's own name: tag it so (not the
    # names of the raions merged in 2020: the raion that bears the name today comes first)
    former_bits = BIT["former-name"] | BIT["former-name-reconstructed"]
    for postings in short.by_form.values():
        for u in postings:
            if not postings[u] & former_bits:
                postings[u] |= BIT["short-name"]
    masks: dict[int, int] = {}
    latin_forms = latin.dump(masks)
    cyrillic_forms = cyrillic.dump(masks)
    short_forms = short.dump(masks)
    keys: dict[str, list[str]] = collections.defaultdict(list)
    official_keys = [phonetic_key(fold(kmu2010(u["name_uk"]))) for u in units]
    for form in latin_forms:
        keys[_reading(form, latin.by_form[form], official_keys)].append(form)
    # forms of cities, which the matcher searches a little further (news names cities most)
    city_forms = {f for f, p in latin.by_form.items()
                  if any(units[u]["cat"] in ("K", "M") for u in p)}
    header = {
        "format": FORMAT_VERSION,
        "tags": TAGS,
        "masks": sorted(masks, key=masks.__getitem__),
        "columns": UNIT_COLUMNS,
        "fixed_expressions": sorted(fold(r["expression"]) for r in
                                    read_tsv(HERE / "curated" / "fixed_expressions.tsv")),
        "given_names": sorted({fold(n) for r in read_tsv(HERE / "curated" / "given_names.tsv")
                               for n in r["names"].split()}),
        "country_words": country_words(),
        "iso_3166_2": iso_3166_2(units),
        "sources": data_sources(),
    }

    def cell(v: object) -> str:
        return "" if v is None else str(v)

    # A text file of sections, each line sorted within its section: the reader splits a
    # section into lines only when it is first needed and finds a form by bisection, so loading
    # costs a decompression and a few splits, not the building of 200,000 dict entries.
    parts = ["toponorm-gazetteer", json.dumps(header, ensure_ascii=False, separators=(",", ":")),
             "@units"]
    parts += ["\t".join(cell(v) for v in row) for row in rows]
    for section, forms in (("latin", latin_forms), ("short", short_forms)):
        parts.append(f"@{section}")
        parts += [f"{f}\t{p}" for f, p in sorted(forms.items())]
    parts.append("@end")
    # what a first Latin look-up does not need, a file of its own read on first use (a third
    # of the bytes, and of the start-up): Cyrillic forms, points, former names
    extra = ["toponorm-gazetteer", json.dumps({"format": header["format"], "part": "extra"}),
             "@cyrillic"]
    extra += [f"{f}\t{p}" for f, p in sorted(cyrillic_forms.items())]
    # a point for every unit the units section gives none (no GeoNames place): what
    # ``Unit.lat``, ``Unit.lon`` and ``Unit.point_source`` read; the matcher never uses them
    extra.append("@points")
    extra += admin_points(units, rows)
    # former names with their dates and sources, by unit: what ``Unit.former_names`` reads
    extra.append("@former")
    extra += sorted(f"{units[i]['id']}\t{old}\t{kmu2010(old)}\t{years}\t{source}"
                    for i, names in dated.items() for old, years, source in names)
    extra.append("@end")
    DATA.mkdir(parents=True, exist_ok=True)
    raw = ("\n".join(parts) + "\n").encode("utf-8")
    _write_gz(DATA / "gazetteer.tsv.gz", raw)
    raw_extra = ("\n".join(extra) + "\n").encode("utf-8")
    _write_gz(DATA / "gazetteer_extra.tsv.gz", raw_extra)
    # the phonetic index is only needed for fuzzy queries: a file of its own, loaded on demand
    # key, its forms, and those of them that name a city
    index = "\n".join(f"{k}\t{'|'.join(sorted(v))}\t{'|'.join(sorted(set(v) & city_forms))}"
                      for k, v in sorted(keys.items()))
    _write_gz(DATA / "phonetic_index.tsv.gz", (index + "\n").encode("utf-8"))
    words = (HERE / "sources" / "english_words.txt").read_bytes()
    _write_gz(DATA / "english_words.txt.gz", words)
    _write_gz(DATA / "countries.txt.gz", (HERE / "sources" / "countries.txt").read_bytes())
    _write_gz(DATA / "country_codes.txt.gz",
              (HERE / "sources" / "country_codes.txt").read_bytes())
    abroad = (HERE / "sources" / "places_abroad.txt").read_text(encoding="utf-8").split("\n")
    folded_abroad = sorted({" ".join(fold(n).split()) for n in abroad if n.strip()})
    _write_gz(DATA / "places_abroad.txt.gz", ("\n".join(folded_abroad) + "\n").encode("utf-8"))
    _write_gz(DATA / "city_parts.tsv.gz", city_parts(units, places, links, unit_place))
    given = (HERE / "sources" / "english_given_names.txt").read_text(encoding="utf-8").split()
    _write_gz(DATA / "english_given_names.txt.gz",
              ("\n".join(sorted({fold(n) for n in given})) + "\n").encode("utf-8"))
    # the indexes derived from the artifact just written, so no process computes them
    gaz = Gazetteer(data_dir=DATA)
    _write_gz(DATA / derived.FILE, derived.serialise(gaz, derived.compute(gaz)).encode("utf-8"))
    # checksums of every data file, checked when the package reads one
    (DATA / CHECKSUMS).write_text(checksums_text(DATA), encoding="utf-8")
    elapsed = time.perf_counter() - started

    report(units, latin, cyrillic, short, link_methods, unlinked, links, places, admin1,
           former, former_missing, len(raw) + len(raw_extra), elapsed, conflicts)


def admin_points(units: list[dict], rows: list[list]) -> list[str]:
    """Lines 'id, lat, lon, source' for the units without a GeoNames point: a hromada's or
    raion's own centroid (OCHA, by P-code), an oblast's mean of its hromadas' centroids, and,
    approximately, the point of the nearest unit above for the rest (a settlement's hromada
    centroid; in Kyiv and Sevastopol, the city's point)."""
    centroids = {r["pcode"]: (float(r["lat"]), float(r["lon"]))
                 for r in read_tsv(HERE / "sources" / "admin_points.tsv")}
    own: dict[int, tuple[float, float, str]] = {}
    for i, u in enumerate(units):
        if u["cat"] in ("H", "P"):
            point = centroids.get("UA" + u["id"][2:2 + PCODE_DIGITS[u["cat"]]])
            if point is not None:
                own[i] = (*point, f"{KIND[u['cat']]} centroid (OCHA COD-AB)")
    by_oblast: dict[int, list[tuple[float, float]]] = collections.defaultdict(list)
    for i, (lat, lon, _) in own.items():
        if units[i]["cat"] == "H" and rows[i][5] >= 0:
            by_oblast[rows[i][5]].append((lat, lon))
    for i, u in enumerate(units):
        if u["cat"] == "O" and by_oblast.get(i):
            pts = by_oblast[i]
            own[i] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts),
                      "mean of its hromadas' centroids (OCHA COD-AB)")
    lines = []
    for i, u in enumerate(units):
        if rows[i][9] is not None:  # a GeoNames point of its own
            continue
        point = own.get(i)
        if point is None:
            # the nearest unit above with a point: the hromada, else the raion (OCHA splits
            # a few of Crimea's raions otherwise), else Kyiv's or Sevastopol's own point
            for parent in (rows[i][7], rows[i][6], rows[i][5]):
                if parent < 0:
                    continue
                cat = units[parent]["cat"]
                if parent in own:
                    point = (*own[parent][:2], f"its {KIND[cat]}'s centroid (approximate)")
                elif cat == "K" and rows[parent][9] is not None:
                    point = (rows[parent][9], rows[parent][10], "its city's point (approximate)")
                if point is not None:
                    break
        if point is not None:
            lines.append(f"{u['id']}\t{point[0]:.5f}\t{point[1]:.5f}\t{point[2]}")
    return sorted(lines)


def iso_3166_2(units: list[dict]) -> dict[str, str]:
    """KATOTTG id -> ISO 3166-2 code of each oblast, Crimea, Kyiv and Sevastopol, matched by
    name (the codes' numbers differ from the codifier's for 5 of the 27: Luhansk is UA-09, not
    44; Chernivtsi UA-77, not 73; Crimea UA-43; Kyiv UA-30; Sevastopol UA-40)."""
    by_name = {fold(u["name"]): u["id"] for u in units if u["cat"] in ("O", "K")}
    out = {}
    for row in read_tsv(HERE / "sources" / "iso_3166_2_ua.tsv"):
        unit = by_name.get(fold(row["name"]))
        if unit is None:
            raise SystemExit(f"ISO 3166-2 {row['code']} {row['name']!r} names no unit")
        out[unit] = row["code"]
    if len(out) != 27:
        raise SystemExit(f"ISO 3166-2: {len(out)} units matched, not 27")
    return dict(sorted(out.items()))


def data_sources() -> dict[str, str]:
    """The version of each pinned source, readable at run time (``toponorm.data_version()``)."""
    pins = json.loads((HERE / "sources.json").read_text(encoding="utf-8"))
    out = {}
    for name, pin in sorted(pins.items()):
        if "version" in pin:
            out[name] = f"{pin.get('package', name)} {pin['version']}" + (
                f" (edition of {pin['edition']})" if "edition" in pin else "")
        elif "debs" in pin:
            out[name] = ", ".join(f"{d['package']} {d['version']}" for d in pin["debs"])
        elif "sdist" in pin:
            out[name] = f"{pin['sdist']}"
        elif "editions" in pin:
            out[name] = ", ".join(f"{e['package']} {e['version']} (edition of {e['edition']})"
                                  for e in pin["editions"])
    return out


def city_parts(units: list[dict], places: list[dict], links: dict, unit_place: dict) -> bytes:
    """Neighbourhoods and suburbs GeoNames files inside a special-status city (Pozniaky,
    Obolon, Kurenivka in Kyiv): places, but no unit of the codifier, so a name of one is never
    rewritten into a village of that name elsewhere. Lines: folded form, the city's unit id,
    the part's name (KMU 2010 of its Ukrainian name where GeoNames has it). The forms are the
    GeoNames Latin names and every romanisation of its Cyrillic ones (Позняки: Poznyaky,
    Pozniaky, Poznyaki)."""
    place_by_id = {p["geonameid"]: p for p in places}
    rows: set[tuple[str, str, str]] = set()
    for gid, (unit, method) in sorted(links.items()):
        if method != "inside a special-status city" or unit_place[unit]["geonameid"] == gid:
            continue
        p = place_by_id[gid]
        # its name: KMU 2010 of the Ukrainian alternate closest to GeoNames' own name (not the
        # district's adjective, not a Russian, Belarusian or Crimean Tatar spelling)
        ukrainian = [kmu2010(a) for a in p["alternatenames"] if _is_cyrillic(a)
                     and not re.search("[ыэъёў]", a.lower())]
        ukrainian = [a for a in ukrainian if a.isascii()]
        name = min(ukrainian, key=lambda a: (OSA.distance(fold(a), fold(p["name"])), a),
                   default=p["name"])
        forms, scratch = Forms(), Forms()
        forms.add(fold(p["name"]), 0, "geonames-latin")
        for alt in p["alternatenames"]:
            if _is_latin(alt):
                forms.add(fold(alt), 0, "geonames-latin")
            elif _is_cyrillic(alt):
                if has_ukrainian_letters(alt) or not _not_russian(alt):
                    scratch.add_ukrainian(alt, 0, None, forms)
                scratch.add_russian(alt if not has_ukrainian_letters(alt) else russian_guess(alt),
                                    0, "russian-name:reconstructed", forms)
        rows.update((f, units[unit]["id"], name) for f in forms.by_form
                    if len(f) >= 4 and f.isascii())
    return "".join(f"{f}\t{u}\t{n}\n" for f, u, n in sorted(rows)).encode("utf-8")


def _write_gz(path: Path, raw: bytes) -> None:
    buf = io.BytesIO()
    # mtime=0 and no file name: the same input gives the same bytes
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())


def report(units, latin, cyrillic, short, link_methods, unlinked, links, places, admin1,
           former, former_missing, raw_size, elapsed, conflicts) -> None:
    per_kind = collections.Counter(KIND[u["cat"]] + f" ({u['cat']})" for u in units)
    lines = ["# Gazetteer build report", "",
             "Regenerated by `python gazetteer/build.py`; do not edit by hand.", "",
             "## Units per kind", "", "| kind (codifier category) | units |", "|---|---:|"]
    lines += [f"| {k} | {n:,} |" for k, n in sorted(per_kind.items())]
    lines += [f"| **total** | **{len(units):,}** |", "", "## Variants per source", "",
              "Distinct (unit, form) pairs each source contributed (a pair can come from several).",
              "", "| source | Latin | Cyrillic | short forms |", "|---|---:|---:|---:|"]
    tags = sorted(set(latin.tag_counts) | set(cyrillic.tag_counts) | set(short.tag_counts))
    for t in tags:
        lines.append(f"| {t} | {latin.tag_counts[t]:,} | {cyrillic.tag_counts[t]:,} | "
                     f"{short.tag_counts[t]:,} |")
    lines += ["", f"Distinct folded Latin forms: {len(latin.by_form):,}; Cyrillic: "
              f"{len(cyrillic.by_form):,}; short forms: {len(short.by_form):,}.", "",
              "## GeoNames links", "",
              f"{len(places):,} Ukrainian GeoNames places; {len(links):,} linked to exactly one "
              f"unit "
              f"({100 * len(links) / len(places):.1f}%); {len(unlinked):,} unlinked.", "",
              "| method | places |", "|---|---:|"]
    lines += [f"| {m} | {n:,} |" for m, n in link_methods.most_common()]
    lines += ["", "GeoNames admin1 code -> KATOTTG oblast (learnt by vote): " +
              ", ".join(f"{a}={o}" for a, o in sorted(admin1.items())), "",
              f"Former names: {sum(len(v) for v in former.values()):,} for {len(former):,} units; "
              f"{len(former_missing)} curated rows matched no single unit.", ""]
    for r, n in former_missing:
        lines.append(f"- former-name row not applied ({n} matches): {r['current_uk']} "
                     f"{r['oblast_code']} <- {r['former_uk']}")
    lines += ["", f"GeoNames alternate names dropped because they are another city's official "
              f"name: {len(conflicts)}", ""]
    lines += [f"- {name}: {alt}" for name, alt in sorted(conflicts)]
    lines += ["", "### Unlinked GeoNames places", "",
              "| geonameid | name | admin1 | population | why |",
              "|---:|---|---|---:|---|"]
    for p, why in sorted(unlinked, key=lambda x: x[0]["geonameid"]):
        lines.append(f"| {p['geonameid']} | {p['name']} | {p['admin1code']} | "
                     f"{p['population']:,} | {why} |")
    size = sum((DATA / f).stat().st_size for f in ("gazetteer.tsv.gz", "gazetteer_extra.tsv.gz"))
    lines += ["", "## Artifact", "",
              f"`toponorm/data/gazetteer.tsv.gz` and `gazetteer_extra.tsv.gz`: {size:,} bytes "
              f"({raw_size:,} uncompressed).", ""]
    # the build time is printed, not written: the report must be the same on every build
    (REPORT / "BUILD_REPORT.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"built {len(units):,} units, {len(latin.by_form):,} Latin forms, "
          f"{len(links):,}/{len(places):,} GeoNames links, artifact {size:,} bytes "
          f"in {elapsed:.1f}s")


if __name__ == "__main__":
    main()
