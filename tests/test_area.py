"""Structured context: a named oblast, raion or hromada constrains the answer (match/area.py),
the field's size relaxes what a garble needs, and ambiguity is visible in the Match."""

from __future__ import annotations

import pytest

import toponorm
from toponorm import InputTypeError, InputValueError, resolve


def _oblast_of(m: toponorm.Match) -> str:
    assert m.unit.oblast is not None
    return m.unit.oblast.short or m.unit.oblast.name


def test_a_named_oblast_beats_a_bigger_namesake_elsewhere():
    bare = resolve("Zolochiv")
    assert bare is not None and _oblast_of(bare) == "Lviv"  # the city
    kharkiv = "UA63000000000041885"
    for oblast in ("Kharkiv", "Kharkiv Oblast", "Kharkivska oblast", "Харківська область",
                   kharkiv, toponorm.get(kharkiv)):
        m = resolve("Zolochiv", oblast=oblast)
        assert m is not None and _oblast_of(m) == "Kharkiv", oblast
        assert any(s.action == "area" for s in m.steps)


def test_an_oblast_named_in_a_location_string_is_a_constraint_too():
    for query, context in (("Zolochiv", "Kharkiv oblast"), ("Zolochiv, Kharkivska oblast", None),
                           ("Zolochiv", "UA63000000000041885")):
        m = resolve(query, context=context)
        assert m is not None and _oblast_of(m) == "Kharkiv", (query, context)


def test_namesakes_left_inside_a_named_area_abstain_and_are_listed():
    # six Kamiankas in Donetsk oblast, two of them settlements: the area does not choose
    assert resolve("Kamianka", oblast="Donetsk") is None
    why = toponorm.explain_abstention("Kamianka", oblast="Donetsk")
    assert why is not None and why.startswith("ambiguous") and "Donetsk Oblast" in why
    listed = toponorm.candidates("Kamianka", oblast="Donetsk", limit=6)
    assert len(listed) == 6 and all(c.name == "Kamianka" for c in listed)
    assert all(_oblast_of(c) == "Donetsk" for c in listed)


def test_adjectival_hromada_and_raion_names_count():
    bakhmut = resolve("Bakhmut")
    assert bakhmut is not None and bakhmut.hromada is not None
    m = resolve("Zaitseve", hromada="Bakhmutska hromada", raion="Bakhmutskyi raion")
    assert m is not None and m.hromada is not None and m.hromada.id == bakhmut.hromada.id
    same = resolve("Zaitseve", context="Bakhmutska hromada, Bakhmutskyi raion, Donetsk oblast")
    assert same is not None and same.id == m.id


def test_a_place_outside_the_named_area_needs_overwhelming_evidence():
    # Soledar is a city of its own hromada, not of Bakhmut's: a small city outside abstains
    assert resolve("Soledar", hromada="Bakhmutska hromada") is None
    why = toponorm.explain_abstention("Soledar", hromada="Bakhmutska hromada")
    assert why is not None and "outside" in why
    # the exact name of a big city outside wins when nothing inside fits (a mislabelled row)
    m = resolve("Kramatorsk", oblast="Luhansk")
    assert m is not None and m.name == "Kramatorsk"
    assert any(s.action == "outside-area" for s in m.steps)
    # and a weak fit inside does not beat it
    assert m.score == 100.0


def test_a_garble_needs_less_where_fewer_names_compete():
    assert resolve("Lutsg") is None
    m = resolve("Lutsg", oblast="Volyn")
    assert m is not None and m.name == "Lutsk"
    # the relief is bounded by what chance adds: a 10-letter name gets none, so another city
    # of the oblast a few letters off is no answer
    m = resolve("Kramatorsg", oblast="Luhansk")
    assert m is None or m.name == "Kramatorsk"


def test_namesakes_are_counted_and_listed():
    m = resolve("Volodymyrivka")
    assert m is not None and m.namesakes >= 50
    assert len(m.alternatives) == 10 and all(u.name == "Volodymyrivka" for u in m.alternatives)
    assert m.unit not in m.alternatives
    narrowed = resolve("Volodymyrivka", oblast="Donetsk")
    assert narrowed is not None and narrowed.namesakes < m.namesakes
    assert all(u.oblast and u.oblast.short == "Donetsk" for u in narrowed.alternatives)
    # a city is not doubted because villages share its name
    assert resolve("Kyiv").namesakes == 0


def test_a_city_district_string_reads_the_district_in_its_city():
    m = resolve("Kyiv - Desnianskyi")
    assert m is not None and m.kind == "city district" and _oblast_of(m) == "Kyiv"
    m = resolve("Donetsk \u2013 Kyivskyi")
    assert m is not None and m.kind == "city district" and _oblast_of(m) == "Donetsk"


def test_candidates_put_the_area_first():
    cs = toponorm.candidates("Zolochiv", oblast="Kharkiv", limit=5)
    assert cs[0].id == resolve("Zolochiv", oblast="Kharkiv").id
    assert toponorm.candidates("Zolochiv", limit=1)[0].id != cs[0].id


def test_bad_structured_context_is_a_clear_error():
    with pytest.raises(toponorm.AreaError, match="names no oblast"):
        resolve("Kamianka", oblast="Atlantis")
    with pytest.raises(InputValueError, match="no oblast has the KATOTTG id"):
        resolve("Kamianka", oblast="UA14020090000073988")  # a hromada's id
    with pytest.raises(InputValueError, match="empty"):
        resolve("Kamianka", raion="  ")
    with pytest.raises(InputTypeError, match="oblast must be"):
        resolve("Kamianka", oblast=14)
    with pytest.raises(InputTypeError, match="near must be"):
        resolve("Kamianka", near="48,37")
    with pytest.raises(InputValueError, match="latitude"):
        resolve("Kamianka", near=(480.0, 37.0))


def test_near_favours_namesakes_around_the_point():
    soledar = resolve("Soledar")
    assert soledar is not None and soledar.unit.lat is not None
    m = resolve("Volodymyrivka", near=(soledar.unit.lat, soledar.unit.lon))
    assert m is not None and m.raion is not None and m.raion.short == "Bakhmut"


def test_the_exact_name_of_a_big_city_beats_a_look_alike_inside_but_with_doubt():
    m = resolve("Kharkiv", oblast="Lviv")  # Khyriv, in Lviv oblast, only looks like it
    assert m is not None and m.name == "Kharkiv" and m.confidence <= 0.5
    assert any(s.action == "outside-area" for s in m.steps)


def test_near_reads_the_raions_around_the_point():
    kharkiv_side = resolve("Zolochiv", near=(50.2, 36.2))
    assert kharkiv_side is not None and _oblast_of(kharkiv_side) == "Kharkiv"
    lviv_side = resolve("Zolochiv", near=(49.8, 24.9))
    assert lviv_side is not None and _oblast_of(lviv_side) == "Lviv"


def test_a_cyrillic_raion_in_a_location_string_counts():
    placed = resolve("Volodymyrivka", raion="Бахмутський район")
    assert placed is not None and placed.raion is not None and placed.raion.short == "Bakhmut"
    for query, context in (("Володимирівка, Бахмутський район, Донецька область", None),
                           ("Volodymyrivka", "Бахмутський район")):
        m = resolve(query, context=context)
        assert m is not None and m.id == placed.id, (query, context)


def test_a_level_name_several_units_bear_does_not_choose_between_them():
    # two hromadas are named Zolochivska, each with a Zolochiv
    why = toponorm.explain_abstention("Zolochiv", hromada="Zolochivska hromada")
    assert why is not None and why.startswith("ambiguous") and "name the oblast" in why
    m = resolve("Zolochiv", hromada="Zolochivska hromada", oblast="Kharkiv")
    assert m is not None and _oblast_of(m) == "Kharkiv"


def test_a_hromada_of_a_few_dozen_names_relaxes_the_cutoff_below_the_nationwide_base():
    from toponorm.match.area import Area
    # a raion (about 250 units) keeps the base; a hromada of 20 goes below it
    assert Area.floor(31744) == Area.floor(250) == 0.0 < Area.floor(100) < Area.floor(20)
    kopany = toponorm.get("UA56040050060079972")
    assert kopany is not None and kopany.hromada is not None and kopany.raion is not None
    assert kopany.name == "Kopany"
    # a garble one voicing away (p -> b), a 6-letter village: too little nationwide or in its
    # raion of 250 units, enough among its hromada's few dozen
    assert toponorm.resolve("Kobany") is None
    assert toponorm.resolve("Kobany", raion=kopany.raion, oblast=kopany.oblast) is None
    m = toponorm.resolve("Kobany", hromada=kopany.hromada, raion=kopany.raion)
    assert m is not None and m.id == kopany.id
    assert "relaxed by up to" in " ".join(s.detail for s in m.steps)


def test_the_one_name_that_fits_in_a_named_area_is_accepted_below_the_cutoff():
    hulivka = toponorm.get("UA07060290030070859")
    assert hulivka is not None and hulivka.name == "Hulivka" and hulivka.raion is not None
    # a voicing slip (v -> f) on a 7-letter village: too little nationwide and for the
    # raion's relaxed cutoff, but no other name of its raion's 400 units comes near
    assert resolve("Hulifka") is None
    m = resolve("Hulifka", raion=hulivka.raion)
    assert m is not None and m.id == hulivka.id
    assert "the only name of" in " ".join(s.detail for s in m.steps)
    # the same slip of a name borne elsewhere is no answer inside another raion: what fits
    # best lies outside it
    zhytnie = toponorm.get("UA59060110200092111")
    assert zhytnie is not None and zhytnie.name == "Zhytnie"
    assert resolve("Zhintie", raion=zhytnie.raion) is not None
    assert resolve("Zhintie", raion=hulivka.raion) is None
    # and a raion where nothing like it lies has no answer for it
    assert resolve("Hulifka", raion=zhytnie.raion) is None


def test_iso_and_ocha_codes_name_areas_as_ids_do():
    # (event data and humanitarian tables carry admin1 as "UA-63" or the P-code "UA63")
    kharkiv = {resolve("Zolochiv", oblast=c).unit.oblast.id for c in ("UA-63", "UA63")}
    assert kharkiv == {toponorm.get("UA-63").id}
    assert resolve("Zolochiv", oblast="ua46").unit.oblast.id == toponorm.get("UA-46").id
    assert resolve("Zolochiv", raion="UA6302").unit.raion.id == toponorm.get("UA6302").id
    with pytest.raises(InputValueError, match="no oblast has the code 'UA6312'"):
        resolve("Zolochiv", oblast="UA6312")  # a raion's code
