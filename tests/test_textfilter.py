"""find() and clean(): spans, rewrites, precision guards, invariants, bad input."""

from __future__ import annotations

import itertools
import json
import threading
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toponorm
from toponorm import clean, clean_with_edits, find

DATA = Path(__file__).resolve().parent / "data"
GOLD = json.loads((DATA / "seed_gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", sorted({p["file"] for p in GOLD["places"]}))
def test_seed_articles_match_the_gold_annotation(file, seed_texts):
    text = seed_texts[file]
    got = [(m.start, m.end, m.place.id) for m in find(text)]
    gold = [p for p in GOLD["places"] if p["file"] == file]
    want = [(p["start"], p["end"], p["id"]) for p in gold if "known_failure" not in p]
    known = [(p["start"], p["end"], p["id"]) for p in gold if "known_failure" in p]
    assert got == want
    # a known failure that starts passing must be taken off the list
    assert not set(known) & set(got)
    for p in GOLD["places"]:
        if p["file"] == file:
            assert text[p["start"]:p["end"]] == p["text"]


def test_seed_must_stay_text_is_never_reported_or_rewritten(seed_texts):
    for item in GOLD["must_stay"]:
        text = seed_texts[item["file"]]
        spans = [(m.start, m.end) for m in find(text)]
        start = text.find(item["text"])
        while start >= 0:
            end = start + len(item["text"])
            assert not any(s < end and start < e for s, e in spans), item
            start = text.find(item["text"], end)
        assert item["text"] in clean(text)


def test_seed_rewrites(seed_texts):
    cleaned = clean(seed_texts["004_203b37c40aab64d0.txt"])
    for garble in ("Severdonetsk", "Gerson", "Gershon", "Lyciansansk", "Lisiான்ansk",
                   "Lysyansk", "Baghmud", "Bakmut", "Kostyandinivka", "Konstantinovka", "Sumi",
                   "Kiev", "Volodymyrovka"):
        assert garble not in cleaned, garble
    assert "the last troops in Siverskodonetsk had" in cleaned
    assert "Strike said" in cleaned and "Alexander Strick" in cleaned
    assert "Shaikhovka airport in Russia" in cleaned
    assert "Petrikov district in southern Belarus" in cleaned


@pytest.mark.parametrize(("text", "expected"), [
    ("Kiev's mayor spoke.", "Kyiv's mayor spoke."),
    ("a Kharkov-based group", "a Kharkiv-based group"),
    ("SHELLING IN KHARKOV", "SHELLING IN KHARKIV"),
    ("fighting near Belaya Tserkov today", "fighting near Bila Tserkva today"),
    ("from Ivano-Frankovsk and Kamenets-Podolsky", "from Ivano-Frankivsk and Kamianets-Podilskyi"),
    ("in Krivoy\nRog last night", "in Kryvyi\nRih last night"),
    ("the Lugansk region", "the Luhansk region"),
    ("the Zaporozhye Oblast", "the Zaporizhzhia Oblast"),
    ("in the Luhansk and Donetsk regions", "in the Luhansk and Donetsk regions"),
    ("Nova Kakhovka and Odessa", "Nova Kakhovka and Odesa"),
])
def test_rewrites(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(("text", "unit_id"), [
    ("the Luhansk regional administration said", "UA44000000000018893"),
    ("shelling in the Donetsk region", "UA14000000000091971"),
    ("Bakhmut district", "UA14020000000013572"),
    ("Fighting near Volodymyrivka, Bakhmut district, Donetsk Oblast.", "UA14020090100090447"),
])
def test_unit_phrases_and_context(text, unit_id):
    assert find(text)[0].place.id == unit_id


@pytest.mark.parametrize("text", [
    "President Volodymyr Zelenskiy said", "Mayor Vadym Lyakh said", "\u201cNo,\u201d Strike said.",
    "she ordered chicken Kiev", "Shaikhovka airport in Russia", "Odessa, Texas",
    "the Petrikov district in southern Belarus", "Oleksandr Senkevych, mayor",
    "The Belarusian government", "A person walked by.", "Sergei Shoigu and Vladimir Putin",
    "Donbass", "Kievan Rus was a state",
])
def test_left_alone(text):
    assert find(text) == []
    assert clean(text) == text


# Turkish towns in capitals: each dotted I lowers to two characters
_DOTTED = "\u0130STANBUL \u0130ZM\u0130R \u0130ZM\u0130T D\u0130YARBAKIR " * 4


@pytest.mark.parametrize("prefix", ["", _DOTTED])
@pytest.mark.parametrize("dish", ["chicken Kiev", "CHICKEN KIEV", "Chicken-Kiev"])
def test_a_fixed_expression_is_left_alone_in_any_case(prefix, dish):
    # (offsets found on a lower-cased text that grew would shift past the expression, so such
    # a text is scanned case-blind)
    text = f"{prefix}she ordered {dish} in Kharkov."
    assert clean(text) == text.replace("Kharkov", "Kharkiv")


@pytest.mark.parametrize(("text", "surface", "unit_id"), [
    ("The dam at Nova Kakhovka broke.", "Nova Kakhovka", "UA65060170010075325"),
    ("Shelling of Ivano-\nFrankivsk and Kyiv.", "Ivano-\nFrankivsk", "UA26040190010045761"),
    ("Kamenets-\nPodolsky and Kyiv.", "Kamenets-\nPodolsky", "UA68020110010097898"),
    ("Ivano\u2013Frankivsk was hit.", "Ivano\u2013Frankivsk", "UA26040190010045761"),
    ("Shelling in Krivyi Rig and Kyiv.", "Krivyi Rig", "UA12060170010065850"),
])
def test_a_name_of_several_words_is_one_span(text, surface, unit_id):
    # a common word among them (Nova, Rig), a hyphen at a line break or an en dash: one name,
    # not its halves (the village Nova; Kamianets and Podilsk, two other places)
    first = find(text)[0]
    assert (first.text, first.place.id) == (surface, unit_id)


@pytest.mark.parametrize(("text", "cleaned"), [
    ("Shelling of Ivano-\nFrankivsk and Kyiv.", "Shelling of Ivano-\nFrankivsk and Kyiv."),
    ("Kamenets-\nPodolsky and Kyiv.", "Kamianets-\nPodilskyi and Kyiv."),
    ("Ivano - Frankivsk was hit.", "Ivano - Frankivsk was hit."),
])
def test_a_rewrite_never_writes_a_word_twice(text, cleaned):
    assert clean(text) == cleaned


@pytest.mark.parametrize("text", [
    "Mr. Filatov, the mayor of Dnipro, said.", "Ms. Kovalenko met Dr. Savchenko in Kyiv.",
    "Serhiy Haidai, the governor of Luhansk, said. Mr. Haidai added.",
])
def test_an_abbreviated_title_protects_the_surname_after_it(text):
    assert clean(text) == text


def test_a_full_title_word_ending_a_sentence_protects_nothing():
    assert clean("They met the president. Kharkov was shelled.") == \
        "They met the president. Kharkiv was shelled."


def test_the_window_around_a_word_is_bounded_on_a_line_without_spaces():
    from toponorm.text.tokens import words_around as _words_around
    from toponorm.tuning import WINDOW_BEFORE as _BEFORE

    # a long line without spaces (minified JSON, hyphen-joined tokens) once made every
    # capitalised word read back to the line's start: quadratic time
    text = "x " + "-".join(["Abcd"] * 50_000) + "-Kyiv"
    start = len(text) - 4
    words, i = _words_around(text, start)
    assert words[i].text == "Kyiv" and words[0].start >= start - 2 * _BEFORE
    assert all(text[w.start - 1] == "-" for w in words)  # whole words only


@pytest.mark.parametrize("text", ["Kharkiv's Kyivskyi district was hit.",
                                  "The Saltivka district of Kharkiv was shelled.",
                                  "Kherson's Dniprovskyi district"])
def test_a_city_district_is_never_rewritten_into_a_raion(text):
    assert clean(text) == text
    assert all(m.place.kind != "raion" for m in find(text))


def test_the_official_space_or_hyphen_is_restored_but_a_line_break_stays():
    assert clean("Ivano Frankivsk and Bila-Tserkva, Kyiv") == \
        "Ivano-Frankivsk and Bila Tserkva, Kyiv"
    assert clean("in Krivoy\nRog last night") == "in Kryvyi\nRih last night"


@pytest.mark.parametrize("text", ["Shelling on Sumska street and Andriyivskyy Descent in Kyiv.",
                                  "Kharkov Street in Kyiv"])
def test_a_street_named_after_a_place_is_left_alone(text):
    assert clean(text) == text.replace("Kiev", "Kyiv")
    assert all(m.text not in ("Sumska", "Andriyivskyy", "Kharkov") for m in find(text))


@pytest.mark.parametrize(("text", "cleaned"), [
    ("The New York Times reported from Kiev.", "The New York Times reported from Kyiv."),
    ("KYIV. RUSSIAN STRIKES ON KHARKOV, AND ODESSA", "KYIV. RUSSIAN STRIKES ON KHARKIV, AND ODESA"),
    ("KHARKOV, MAR 3", "KHARKIV, MAR 3"),
    ("Drones targeted Kharkov, Russia said.", "Drones targeted Kharkiv, Russia said."),
    ("Odessa, west Texas, is hot. Kyiv.", "Odessa, west Texas, is hot. Kyiv."),
    ("Odessa, in Texas, is hot. Kyiv.", "Odessa, in Texas, is hot. Kyiv."),
    ("\u26a1\ufe0fKharkov hit", "\u26a1\ufe0fKharkiv hit"),
    ("Mr.\nKharkov spoke.", "Mr.\nKharkov spoke."),
    ("Stary\u00a0Saltov was hit, Kyiv", "Staryi\u00a0Saltiv was hit, Kyiv"),
    ("Kharkov\u00b2 was hit, Kyiv", "Kharkiv\u00b2 was hit, Kyiv"),
    ("Drones hit Stary Oskol and Nizhny Novgorod. Kyiv", "Drones hit Stary Oskol and Nizhny "
                                                        "Novgorod. Kyiv"),
    ("Alekseyevka, Belgorod region, was hit. Kyiv", "Alekseyevka, Belgorod region, was hit. Kyiv"),
    ("Pokrovsk, Donetsk region, was hit", "Pokrovsk, Donetsk region, was hit"),
])
def test_second_probe_cases(text, cleaned):
    # a garbled foreign phrase, headline words that are country codes, a country that speaks,
    # a direction or preposition before the state, an emoji's variation selector, a title at a
    # line end, a no-break space, a footnote number, a Russian town of two words, a Russian
    # region after the name; Donetsk region is Ukraine's
    assert clean(text) == cleaned


def test_a_person_stays_one_in_the_rest_of_the_text():
    # one sense per discourse: the bare second mention is the same person
    text = "Serhiy Haidai, the governor, said. Later Haidai added that Kyiv was calm."
    assert clean(text) == text


@pytest.mark.parametrize(("text", "cleaned"), [
    # a person's bare surname is remembered only after the text names the person, and only
    # from a capitalised title or a listed first name; a city's name as a surname is not
    # (the first bare Haidai, a drift from the settlement Hadai, stays too: nothing says a
    # place is meant; the weak-evidence guard)
    ("Haidai spoke first. Later Serhiy Haidai added that Kiev was calm.",
     "Haidai spoke first. Later Serhiy Haidai added that Kyiv was calm."),
    ("Ukraine launched a major Kherson offensive. Kherson was freed.",
     "Ukraine launched a major Kherson offensive. Kherson was freed."),
    ("A statue of Bohdan Khmelnytsky stands. Missiles hit Khmelnytsky and Lviv.",
     "A statue of Bohdan Khmelnytsky stands. Missiles hit Khmelnytskyi and Lviv."),
    ("Odessa, Texas, is hot. Russian drones struck Odessa, Kyiv said.",
     "Odessa, Texas, is hot. Russian drones struck Odesa, Kyiv said."),
])
def test_one_sense_per_discourse_is_bounded(text, cleaned):
    assert clean(text) == cleaned


def test_a_lower_case_title_before_a_city_is_an_adjective():
    assert [m.text for m in find("The deputy Kharkiv governor said Kharkiv was hit.")] == \
        ["Kharkiv", "Kharkiv"]


@pytest.mark.parametrize(("text", "cleaned"), [
    ("Strikes hit Vin\u00adnyt\u00adsia on Monday, Kyiv said",
     "Strikes hit Vin\u00adnyt\u00adsia on Monday, Kyiv said"),
    ("Pokrov\u00adsk and Dnipro\u00adpet\u00adrovsk, Kyiv", "Pokrov\u00adsk and Dnipro, Kyiv"),
    ("Ki\u200bev is calm", "Kyiv is calm"),
])
def test_an_invisible_mark_inside_a_word_is_part_of_it(text, cleaned):
    # a soft hyphen splitting the word made "Vin" a name: "Vinnytsia\u00adnyt\u00adsia"; a
    # canonical name keeps its soft hyphens
    assert clean(text) == cleaned
    assert find(text)[0].place.name in ("Vinnytsia", "Pokrovsk", "Kyiv")


@pytest.mark.parametrize("text", ["debris from a Kharkov street, Kyiv", "Kiev street art",
                                  "Every Kherson street was mined. Kyiv",
                                  "The Mariupol square in front of the theatre. Kyiv"])
def test_a_citys_streets_are_the_city(text):
    assert len(find(text)) >= 1 and find(text)[0].place.kind == "city"


@pytest.mark.parametrize("text", [
    "Russian forces captured the village of Novopokrovka in Zaporizhzhia Oblast.",
    "Two civilians were killed in Novopokrovka, Zaporizhzhia Oblast, officials said.",
])
def test_a_village_named_like_a_town_abroad_counts_with_evidence(text):
    assert (find(text)[0].text, find(text)[0].place.kind) == ("Novopokrovka", "village")


@pytest.mark.parametrize(("text", "oblast_id"), [
    ("Debris fell in Kyiv's Podilskyi district.", "UA80000000000093317"),
    ("Kherson's Dniprovskyi district was hit.", "UA65000000000030969"),
])
def test_a_citys_district_named_beside_the_city(text, oblast_id):
    m = find(text)[1]
    assert m.place.kind == "city district" and m.place.unit.oblast_id == oblast_id
    assert clean(text) == text


def test_a_place_named_before_a_surname_is_still_a_place_elsewhere():
    # "Volodymyr" is a first name here and a city there: only a surname is remembered
    assert clean("President Volodymyr Zelenskiy visited Volodymyr and Kiev.") == \
        "President Volodymyr Zelenskiy visited Volodymyr and Kyiv."


def test_a_raion_bearing_a_name_beats_a_city_district_of_that_name():
    m = find("Fighting in Pokrovskyi raion, Donetsk oblast.")[0]
    assert m.place.kind == "raion"


def test_a_football_club_named_after_its_city_is_left_alone():
    text = "Shakhtar Donetsk beat Zorya Luhansk in Kiev; Dynamo Kiev drew with Kolos Kovalivka."
    assert clean(text) == text.replace("in Kiev", "in Kyiv")
    assert [m.text for m in find(text)] == ["Kiev"]


def test_an_english_adjective_of_a_place_is_not_the_place():
    text = "The Zaporozhian Host and Odessan poets; Kharkivites said. Kyiv."
    assert clean(text) == text
    assert [m.text for m in find(text)] == ["Kyiv"]


@pytest.mark.parametrize("text", [
    "Odessa, TX, police said; Kyiv.", "Odessa, TX was quiet; Kyiv.",
    "The Odessa, TX-based firm grew; Kyiv.", "Odessa (Texas) is an oil town; Kyiv.",
    "Odessa (TX) is an oil town; Kyiv.",
])
def test_a_state_after_a_name_puts_it_abroad(text):
    assert clean(text) == text


def test_a_code_in_a_headline_or_the_east_is_no_state():
    assert clean("Kharkov, in the east, Kyiv.") == "Kharkiv, in the east, Kyiv."
    assert clean("KHARKOV, AND ODESSA; Kyiv.") == "KHARKIV, AND ODESA; Kyiv."


def test_a_town_of_two_words_with_a_region_word_is_abroad():
    # Dzerzhinsk was also Toretsk's name; "Nizhny Novgorod region" puts it in Russia
    text = "A drone fell in Dzerzhinsk, Nizhny Novgorod region, Russia. Kyiv said."
    assert [m.text for m in find(text)] == ["Kyiv"]


@pytest.mark.parametrize(("text", "name", "unit_id"), [
    # a namesake elsewhere is bigger, but the text puts the name in this oblast
    ("Troops advanced towards Zolochiv in Kharkiv region, near the border.", "Zolochiv",
     "UA63020050010064235"),
    ("Shelling hit Zolochiv, Kharkiv Oblast, overnight.", "Zolochiv", "UA63020050010064235"),
    ("Residents of Mykolaiv (Lviv region) said.", "Mykolaiv", "UA46100110010094231"),
])
def test_the_oblast_the_text_puts_a_name_in_constrains_it(text, name, unit_id):
    assert {m.text: m.place.id for m in find(text)}[name] == unit_id


def test_no_namesake_outside_the_oblast_the_text_names():
    # the city of Dnipropetrovsk oblast is not the one meant; of the two places of the name in
    # Zaporizhzhia oblast one is reported, with the other as a namesake left
    text = "Russian forces attacked Kamianske and Stepnohirsk in Zaporizhzhia region."
    found = {m.text: m.place for m in find(text)}
    assert found["Kamianske"].unit.oblast.id == found["Stepnohirsk"].unit.oblast.id
    assert found["Kamianske"].namesakes >= 1


@pytest.mark.parametrize("text", [
    "Missiles hit Kherson, Mykolaiv, Odesa, Dnipro and Lviv.",
    "The mayor of Nikolaev said the city was without water. Lvov airport is closed.",
])
def test_a_place_in_another_oblast_does_not_move_a_big_city_to_a_small_namesake(text):
    # Mykolaiv, a city of 470,000, and a town of its name in Lviv oblast: that Lviv is named
    # too is no reason to mean the town
    mykolaiv = next(m for m in find(text) if m.replacement == "Mykolaiv")
    assert mykolaiv.place.id == "UA48060150010035747"



def test_the_oblast_itself_named_still_chooses_the_small_namesake():
    text = "In Lviv oblast, shelling hit Mykolaiv overnight."
    mykolaiv = next(m for m in find(text) if m.text == "Mykolaiv")
    assert mykolaiv.place.id == "UA46100110010094231"


def test_towns_abroad_are_left_alone_in_news_about_ukraine():
    text = ("Drones launched from Tiraspol, Bryansk, Grodno, Mogilev, Samara and Orel hit "
            "Kharkiv. The Russian town of Shebekino was shelled.")
    assert clean(text) == text
    assert [m.text for m in find(text)] == ["Kharkiv"]


def test_a_village_named_like_a_town_abroad_needs_the_settlement_word():
    # Samara is also a village's official name; "from Samara" means the Russian city
    found = find("Shelling near Samara village, Kharkiv said.")
    assert (found[0].text, found[0].place.kind) == ("Samara", "village")


@pytest.mark.parametrize(("text", "cleaned"), [
    ("\ufeffKIEV (Reuters) - Kharkov", "\ufeffKYIV (Reuters) - Kharkiv"),
    ("\ufeffIn Kiev;", "\ufeffIn Kyiv;"),
    ("Kiev\U0001f1fa\U0001f1e6 and Kharkov", "Kyiv\U0001f1fa\U0001f1e6 and Kharkiv"),
    ("\u200fKharkov was hit", "\u200fKharkiv was hit"),
    ("\ufffdKiev\ufffd and Kharkov", "\ufffdKiev\ufffd and Kharkiv"),
])
def test_a_byte_order_mark_direction_mark_or_emoji_beside_a_name_hides_nothing(text, cleaned):
    # (the replacement character undecodable bytes become still marks binary noise)
    assert clean(text) == cleaned


def test_the_countrys_name_is_left_alone_in_news_about_ukraine():
    text = "In Kyiv the Hotel Ukrayina was hit; «Радіо Україна», «Украине»."
    assert clean(text, about_ukraine=True) == text
    assert [m.place.name for m in find(text)] == ["Kyiv"]


@pytest.mark.parametrize("text", [
    "In Kyiv the hotel was hit.", "Sirens. At Kharkiv station, a crowd.",
    "\u201cIn Bakhmut,\u201d he said.", "As Lviv slept, drones came.",
    "By Tuesday Kurakhove was encircled.", "from February Avdiivka was cut off",
    "Explosions Rock Odesa Coast Overnight"])
def test_a_place_after_a_capitalised_common_word_is_found(text):
    # the word before it is capitalised only because it opens the sentence, names a day or
    # month, or stands in a headline: no first name
    assert len(find(text)) == 1


@pytest.mark.parametrize("text", [
    "Kyiv and Lviv. Side effects were mild.", "In Kyiv, Mars missions were discussed.",
    "Kharkiv: Male soldiers Step forward.", "Kyiv. Pole vault results.", "Kyiv. Bar owners."])
def test_a_common_word_that_is_a_villages_name_is_no_place_without_evidence(text):
    # Side, Mars, Male, Step, Pole are villages and Bar a town, but a capital at the start of a
    # sentence proves nothing
    assert {m.text for m in find(text)} <= {"Kyiv", "Lviv", "Kharkiv"}


@pytest.mark.parametrize("text, name", [
    ("Kyiv. The village of Side was hit.", "Side"), ("Kyiv. Side village was hit.", "Side"),
    ("Shelling near Bar, Kyiv said.", "Bar"),
    ("Chop border crossing reopened, Uzhhorod officials said.", "Chop")])  # the same raion
def test_a_common_word_is_a_place_with_evidence(text, name):
    assert name in {m.text for m in find(text)}


UKRAINIAN_PROSE = ("Київ, 1 грудня. Російські війська обстріляли Харків. У Бахмуті тривають бої. "
                   "Сили оборони відбили атаку біля Курахове.")
RUSSIAN_PROSE = "Вчера российские войска обстреляли Харьков. В Бахмуте идут бои. Силы ПВО работали."


@pytest.mark.parametrize("text, reported", [
    (UKRAINIAN_PROSE, ["Київ", "Харків", "Курахове"]), (RUSSIAN_PROSE, ["Харьков"])])
def test_cyrillic_prose_is_never_rewritten_and_only_exact_city_names_are_reported(text, reported):
    # inflected words (Бахмуті) and common words near village names (Сили, Російські) were
    # rewritten into Latin villages; prose keeps its spelling, exact city names are reported
    assert clean(text, about_ukraine=True) == text
    mentions = find(text, about_ukraine=True)
    assert [m.text for m in mentions] == reported
    assert all(m.replacement == m.text for m in mentions)
    assert mentions[0].place.kind == "city"


def test_a_cyrillic_name_left_in_english_text_is_still_rewritten():
    text = "Fighting near Курахове and Покровськ, officials said in Kyiv."
    assert clean(text) == "Fighting near Kurakhove and Pokrovsk, officials said in Kyiv."


def test_a_cyrillic_admin_unit_takes_its_unit_word_into_the_span():
    text = "Shelling in Донецька область and Бахмутський район, officials said in Kyiv."
    assert clean(text) == "Shelling in Donetsk Oblast and Bakhmut Raion, officials said in Kyiv."
    assert [m.text for m in find(text)][:2] == ["Донецька область", "Бахмутський район"]
    # in Ukrainian prose the span is reported with its unit word and keeps its spelling
    prose = "Вночі обстріляли Донецька область, повідомила влада."
    assert [(m.text, m.replacement) for m in find(prose)] == [("Донецька область",) * 2]


def test_which_cyrillic_names_are_prose_does_not_change_when_names_around_are_rewritten():
    # the prose test counted every word in a window of characters: rewriting the Cyrillic
    # names around a name into Latin tipped it on a second clean
    text = ("Kyiv and near Одеса, Херсон Kharkov, Одеса, Херсон, Kyiv, near, Донецька область, "
            "Одеса")
    once = clean(text)
    assert clean(once) == once
    # (the lower-case words decide: English ones here, so every name is rewritten)
    assert not any("\u0400" <= c <= "\u04ff" for c in once)


@pytest.mark.parametrize("token", [
    "https://en.wikipedia.org/wiki/Kiev", "www.Kharkov.ua", "Kiev.office@example.com",
    "C:/Data/Kharkov/report.txt", "/Kiev", "#Kharkov", "@KievPost", "Odessa_2022.csv"])
def test_addresses_file_names_and_hashtags_keep_their_bytes(token):
    # a rewrite there breaks a link, an address or a path
    text = f"Shelling in Kyiv and Kharkiv. See {token} for more."
    assert clean(text, about_ukraine=True) == text


def test_prose_around_slashes_and_acronyms_is_still_cleaned():
    text = "Kyiv. The Kharkov/Kiev route; the Zaporozhye NPP; the Kiev SBU office."
    assert clean(text) == "Kyiv. The Kharkiv/Kyiv route; the Zaporizhzhia NPP; the Kyiv SBU office."


@pytest.mark.parametrize("text, cleaned", [
    ("Kyiv. Fighting in Artemovsk (Bakhmut) went on.", None),
    ("Kyiv. Fighting in Bakhmut (Artemovsk) went on.", None),
    ("Kyiv. Fighting in Artemovsk (Artyomovsk) went on.",
     "Kyiv. Fighting in Bakhmut (Artyomovsk) went on."),
    ("Kyiv. Trains from Kharkov (Kiev) were late.", "Kyiv. Trains from Kharkiv (Kyiv) were late."),
])
def test_a_bracketed_gloss_of_the_same_place_keeps_the_authors_spelling(text, cleaned):
    # rewritten, "Artemovsk (Bakhmut)" would read "Bakhmut (Bakhmut)"; two places are cleaned
    assert clean(text) == (cleaned or text)
    assert len(find(text)) == 3


def test_canonical_names_are_reported_but_not_rewritten():
    text = "Kyiv and Bakhmut"
    ms = find(text)
    assert [m.place.name for m in ms] == ["Kyiv", "Bakhmut"]
    assert all(m.replacement == m.text for m in ms)
    assert clean_with_edits(text).edits == ()


def test_clean_with_edits_reports_what_changed():
    text = "From Kiev to Kharkov."
    res = clean_with_edits(text)
    assert res.text == "From Kyiv to Kharkiv."
    assert [(e.start, e.end, e.before, e.after) for e in res.edits] == [
        (5, 9, "Kiev", "Kyiv"), (13, 20, "Kharkov", "Kharkiv")]


@pytest.mark.parametrize("bad", [None, b"Kiev", 3.5, ["Kiev"]])
def test_bad_input_is_a_type_error_naming_what_to_pass(bad):
    for fn in (find, clean, clean_with_edits):
        with pytest.raises(TypeError, match="text must be str"):
            fn(bad)


def test_empty_text():
    assert find("") == [] and clean("") == ""


def test_streamed_chunks_give_the_whole_text_result(seed_texts):
    text = "\n\n".join(seed_texts.values()) * 30  # several segments
    whole = clean(text)
    f = toponorm.default().text_filter()
    out = [f.feed(text[i:i + 1000]).text for i in range(0, len(text), 1000)]
    out.append(f.finish().text)
    assert "".join(out) == whole


@pytest.mark.slow
def test_a_huge_single_line_runs_in_bounded_memory():
    line = ("Shelling hit Kharkov and the outskirts of Zaporozhye overnight, officials said; "
            "residents of the town were told to stay in shelters. ") * 20_000  # ~2.7 MB
    # the data and indexes are loaded first: the test measures the text, not the install (it
    # once passed only when other tests had loaded them)
    toponorm.default().preload()
    clean("Shelling hit Kharkov and Zaporozhye.")
    tracemalloc.start()
    out = clean(line)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert out.count("Kharkiv") == 20_000 and "\n" not in out
    # the output itself is ~2.7 MB; segments keep the working set to a small multiple of it
    assert peak < 6 * len(line)


# -- properties ---------------------------------------------------------------------------------
NAMES = ["Kiev", "Kharkov", "Baghmud", "Gerson", "Lisiான்ansk", "Odessa", "Sumi", "Kyiv",
         "Zaporozhye", "Lugansk region", "Bila Tserkva", "President Volodymyr Zelenskiy",
         "Strike", "chicken Kiev", "Konstantinovka", "Kostyandinivka"]
FILLER = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                 max_size=12)
TEXTS = st.lists(st.one_of(st.sampled_from(NAMES), FILLER,
                           st.sampled_from([" ", ", ", ".\n", "\r\n", " the ", "-", "'s "])),
                 max_size=25).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_only_reported_spans_change_and_edits_replay(text):
    mentions = find(text)
    res = clean_with_edits(text)
    # sorted, non-overlapping, indexing the original
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start:m.end] == m.text
    # replaying the edits on the input reproduces clean(); outside them nothing changed
    out, pos = [], 0
    for e in res.edits:
        assert text[e.start:e.end] == e.before
        out += [text[pos:e.start], e.after]
        pos = e.end
    out.append(text[pos:])
    assert "".join(out) == res.text == clean(text)
    # idempotent and deterministic
    assert clean(res.text) == res.text
    assert find(text) == mentions


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=8))
def test_a_stream_in_any_chunks_gives_the_whole_texts_result(text, sizes):
    from toponorm.text import segments as segmenting

    # small segments, so that random texts cross many cuts
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(segmenting, "SEGMENT", 48)
        mp.setattr(segmenting.segments, "__defaults__", (48,))
        whole = toponorm.default().text_filter().clean(text).text
        f = toponorm.default().text_filter()
        out, pos, k = [], 0, 0
        while pos < len(text):
            size = sizes[k % len(sizes)]
            out.append(f.feed(text[pos:pos + size]).text)
            pos, k = pos + size, k + 1
        out.append(f.finish().text)
    assert "".join(out) == whole


@pytest.mark.parametrize(("text", "expected"), [
    ("Kiev Baghmud:Kiev", "Kyiv Bakhmut:Kyiv"),  # found by the property above
    ("Baghmud Kiev", "Bakhmut Kyiv"),
])
def test_a_garbled_neighbour_is_a_place_not_a_surname(text, expected):
    # whether a neighbour is a surname must not change once the text is cleaned
    assert clean(text) == expected
    assert clean(expected) == expected


def test_eight_threads_agree(seed_texts):
    text = "\n\n".join(seed_texts.values())
    expected = clean(text)
    results: list[str] = []

    def work():
        for _ in range(3):
            results.append(clean(text))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 24 and set(results) == {expected}


def test_public_names():
    assert toponorm.find is find and callable(toponorm.clean_with_edits)


def test_garbles_need_a_text_about_ukraine():
    # a text that names no Ukrainian city outright: only exact city names are taken
    assert clean("Fighting near Baghmud today.") == "Fighting near Baghmud today."
    assert clean("Fighting near Baghmud today.", about_ukraine=True) == \
        "Fighting near Bakhmut today."
    # naming a city outright shows the topic
    assert clean("Fighting near Baghmud and Kramatorsk.") == \
        "Fighting near Bakhmut and Kramatorsk."
    assert clean("From Kiev to Kharkov.", about_ukraine=False) == "From Kyiv to Kharkiv."
    assert clean("Fighting near Baghmud and Kramatorsk.", about_ukraine=False) == \
        "Fighting near Baghmud and Kramatorsk."


@pytest.mark.parametrize("text", [
    "Thanks to Carsten Hey <carsten@debian.org>.",
    "Dimitar Dimitrov  <dimitar@dinux.eu>",
    "Peter Marschall \t   Peter.Marschall at gedos.de",
    "test scripts have been changed from Bourne shell scripts to Scheme",
    "LEGGI APPLICABILI. OGNI UTILIZZAZIONE DELL'OPERA",
    "setting GLOBIGNORE has an effect",
    "Problem reported by Vladimir D. Seleznev (Bug#53631).",
    "Alexandre Duret-Lutz",
])
def test_software_credits_and_foreign_text_stay(text):
    assert clean(text) == text


def test_licence_texts_on_this_machine_are_left_alone():
    licences = Path("/usr/share/common-licenses")
    if not licences.is_dir():
        pytest.skip("no licence texts on this machine")
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(licences.iterdir()) if p.is_file())
    assert len(text) > 100_000
    assert clean_with_edits(text).edits == ()


def test_a_listed_first_name_opening_a_sentence_still_marks_a_person():
    text = "Maria Giordano, who lives in Lviv, said Giordano would return."
    assert clean(text) == text


@pytest.mark.parametrize("text", [
    # an English first name that is also a word opens the sentence; the surname only resembles
    # a place (Balta, Stratyn, Ichnia), and is still the person when named bare later
    "Mark Blatt said the shelling of Kharkiv continued. Blatt added that Kyiv was calm.",
    "Grace Startin reported from Kyiv.",
    "John Cena visited Kyiv.",
    "John Cena visited Kyiv on Sunday.",  # a short sentence is no headline
    "Amber Gerson said Kyiv was calm.",  # a surname only the drift separates from Kherson
    "Will Makarov said Kyiv was calm.",  # Will is a modal only in a question
])
def test_a_common_english_first_name_opening_a_sentence_marks_a_person(text):
    assert clean(text) == text


@pytest.mark.parametrize(("text", "cleaned"), [
    # a modal opening a question, a verb in a title-case headline: not first names
    ("Will Bakmut fall? Russian troops shelled Bakmut again, officials in Kyiv said.",
     "Will Bakhmut fall? Russian troops shelled Bakhmut again, officials in Kyiv said."),
    ("Ukrainians Mark Khersun Liberation Anniversary\nResidents of Khersun gathered, "
     "officials in Kyiv said.",
     "Ukrainians Mark Kherson Liberation Anniversary\nResidents of Kherson gathered, "
     "officials in Kyiv said."),
])
def test_words_that_are_also_english_first_names_keep_the_place_after_them(text, cleaned):
    assert clean(text) == cleaned


def test_a_vehicle_named_like_a_two_word_town_is_left_alone():
    text = "Stryker vehicles reached Kharkiv and Kyiv."
    assert clean(text) == text


def test_a_word_that_is_also_a_first_name_keeps_an_exact_place_after_it():
    # "Will" is a first name too, but Kharkov is a known form of the city, not a near miss
    assert clean("Will Kharkov hold? Kiev waits.") == "Will Kharkiv hold? Kyiv waits."
    assert clean("In Baghmud, fighting raged near Kiev.") == \
        "In Bakhmut, fighting raged near Kyiv."


def test_a_town_described_as_abroad_in_an_apposition_is_left_alone():
    # Grayvoron (Russia, 6,000 people) is too small for the list of towns abroad, and one
    # letter from Haivoron: the apposition says where it is
    text = "Shelling hit Grayvoron, a small border town in Russia, and Kharkov."
    assert clean(text) == "Shelling hit Grayvoron, a small border town in Russia, and Kharkiv."
    assert clean("Shelling hit Grayvoron and Kharkov.") == "Shelling hit Haivoron and Kharkiv."


@pytest.mark.parametrize("text", [
    "Kharkov, a city in Russia's crosshairs, was shelled.",  # a possessive: no location
    "Gorlovka, a city in Russia-controlled Donetsk, was shelled.",  # Donetsk is Ukraine's
    "Lvov, a city near Poland, was shelled.",  # near a country is outside it
])
def test_an_apposition_naming_a_country_otherwise_leaves_the_place_in_ukraine(text):
    assert clean(text + " Kyiv said.") != text + " Kyiv said."


def test_ukraine_named_with_the_war_opens_the_topic_gate():
    assert clean("Shelling near Baghmud in eastern Ukraine.") == \
        "Shelling near Bakhmut in eastern Ukraine."
    # the country alone, or far from any word of the war, is no evidence: a changelog thanks
    # the Ukrainian translator, a locale table lists the country
    assert clean("Thanks to the Ukrainian translator of Baghmud.") == \
        "Thanks to the Ukrainian translator of Baghmud."
    far = "Ukraine is listed. " + "x " * 200 + "Missiles are a topic. Baghmud."
    assert clean(far) == far


@pytest.mark.parametrize("war", ["Fighting near", "Heavy battles near", "Clashes near",
                                 "An air strike hit", "The siege of"])
def test_words_of_combat_beside_ukraine_open_the_topic_gate(war):
    assert clean(f"{war} Baghmud, Ukraine.") == f"{war} Bakhmut, Ukraine."


def test_a_misspelt_ukrainian_is_the_demonym_not_a_village():
    for word in ("Ukranian", "Ukarainian", "Ukrainain"):
        assert toponorm.resolve(word) is None
        text = f"Shelling in Kharkiv. The {word} army advanced."
        assert clean(text) == text


def test_ukrainian_given_names_and_diminutives_are_people():
    for name in ("Maryna", "Valya", "Kolya", "Yakiv"):
        assert toponorm.resolve(name) is None, name
    text = "Shelling in Kharkiv. Maryna and Kolya left the city."
    assert clean(text) == text


def test_reset_keeps_documents_apart():
    tf = toponorm.default().text_filter()
    first = "Shelling in Kharkiv. Officials in Soledar said."
    second = "Missiles hit Ukraine overnight; shelling near Volodymyrivka went on."
    alone = [(m.start, m.place.id) for m in toponorm.find(second)]
    tf.find(first)
    # one stream carries the first text's places into the second (Soledar's Volodymyrivka)
    assert [(m.start, m.place.id) for m in tf.find(second)] != alone
    tf.reset().find(first)
    assert [(m.start, m.place.id) for m in tf.reset().find(second)] == alone
    tf.feed("Kharkiv and ")
    with pytest.raises(toponorm.InputValueError, match="finish"):
        tf.reset()
    tf.finish()
    tf.reset()


def test_a_surname_near_a_crowded_village_name_is_not_placed_by_a_big_city_nearby():
    # 75 villages are named Andriivka: one lies in Poltava's raion whatever the text means
    text = "Strikes hit Poltava overnight. Nobody trusts Andrienka anymore, she wrote."
    assert [m.text for m in find(text)] == ["Poltava"]


def test_an_item_of_a_list_of_cities_is_a_place():
    text = "Troops shelled Kramatorsk, Otradoye and Sloviansk in eastern Ukraine."
    assert clean(text) == "Troops shelled Kramatorsk, Vidradne and Sloviansk in eastern Ukraine."
    assert [m.text for m in find("Troops shelled Kramatorsk. Otradoye was quiet, Sloviansk "
                                 "said, in eastern Ukraine.")] == ["Kramatorsk", "Sloviansk"]
    # one comma alone is no list
    assert [m.text for m in find("Strikes hit Poltava. Kyiv, Andrienka said, is far.")] \
        == ["Poltava", "Kyiv"]


def test_a_neighbourhood_of_kyiv_is_reported_as_kyiv_and_written_as_its_own_name():
    kyiv = toponorm.resolve("Kyiv").id
    text = "Kyiv was shelled. A missile hit a house in Poznyaki at night."
    part = [m for m in find(text) if m.text == "Poznyaki"]
    assert [(m.place.id, m.replacement) for m in part] == [(kyiv, "Pozniaky")]
    assert part[0].place.steps[0].action == "city part"
    assert clean(text) == "Kyiv was shelled. A missile hit a house in Pozniaky at night."
    # a part of Kyiv that is also a village's exact name: Kyiv's only in a text naming Kyiv
    assert [(m.text, m.place.id) for m in find("Kyiv was shelled. A drone fell on Obolon.")] \
        == [("Kyiv", kyiv), ("Obolon", kyiv)]
    village = toponorm.resolve("Obolon")
    assert village.kind == "village"
    assert [m.place.id for m in find("Shelling hit the village of Obolon in Poltava oblast.")
            ][:1] == [village.id]
    # a unit beside the city stays itself (Vyshneve, a city of Kyiv oblast)
    assert [m.place.kind for m in find("Kyiv was shelled. Vyshneve was hit too.")] \
        == ["city", "city"]


def test_a_long_stream_keeps_only_its_latest_places_as_context(monkeypatch):
    from toponorm import tuning
    monkeypatch.setattr(tuning, "PLACES_REMEMBERED", 3)
    tf = toponorm.default().text_filter()
    tf.find("Shelling in Kharkiv, Sumy, Poltava and Odesa in Ukraine.")
    gaz = toponorm.default().gazetteer
    assert [gaz.canonical(h) for h in tf.seen] == ["Sumy", "Poltava", "Odesa"]
    tf.find("Kharkiv again.")  # named again: the most recent
    assert [gaz.canonical(h) for h in tf.seen] == ["Poltava", "Odesa", "Kharkiv"]


# news-like texts: sentences of war reporting about places of every kind, each written in its
# official form, another form the gazetteer lists (Russian, older, foreign) or with a slip
_TEMPLATES = [
    "Russian forces shelled {p} overnight, the governor of {o} oblast said.",
    "Ukrainian troops repelled attacks near {p} and {q} in eastern Ukraine.",
    "A missile hit {p}; officials in {q} reported two wounded.",
    "Residents of {p}, {q} and {r} were told to evacuate, the military said.",
    "Fighting continued on the {p} direction, near {q}.",
    "\"We stay in {p},\" Olena Kovalenko told reporters in {q}.",
    "SHELLING IN {p} - {o} REGION",
]


def _place_forms() -> list[str]:
    gaz = toponorm.default().gazetteer
    rng = __import__("random").Random(19)
    picks = rng.sample(range(len(gaz)), 400)
    forms = []
    for i in picks:
        forms.append(gaz.canonical(i))
        latin = [f for f, _ in gaz.forms_of(i)]
        if latin:
            forms.append(rng.choice(latin).title())
    return forms


@st.composite
def _news(draw: st.DrawFn) -> str:
    forms = _NEWS_FORMS or _NEWS_FORMS.extend(_place_forms()) or _NEWS_FORMS

    def place() -> str:
        name = draw(st.sampled_from(forms))
        slip = draw(st.sampled_from(["", "swap", "drop", "double"]))
        k = draw(st.integers(min_value=1, max_value=max(1, len(name) - 2)))
        if slip == "swap" and k + 1 < len(name):
            name = name[:k] + name[k + 1] + name[k] + name[k + 2:]
        elif slip == "drop":
            name = name[:k] + name[k + 1:]
        elif slip == "double":
            name = name[:k] + name[k] + name[k:]
        return name

    oblasts = ["Donetsk", "Kharkov", "Zaporozhye", "Kherson", "Sumy", "Lugansk", "Odessa"]
    sentences = []
    for template in draw(st.lists(st.sampled_from(_TEMPLATES), min_size=1, max_size=6)):
        text = template.format(p=place(), q=place(), r=place(),
                               o=draw(st.sampled_from(oblasts)))
        sentences.append(text.upper() if template.isupper() else text)
    return draw(st.sampled_from([" ", "\n", "\r\n", "\n\n"])).join(sentences)


_NEWS_FORMS: list[str] = []


# (derandomized: the same 100 texts each run. Dense lists of slipped names of namesake-rich
# villages still break idempotence now and then: 4 of 2,000 random texts of this kind, 0 of
# the 1,089 real documents of news_dev; see docs/benchmarks.md)
@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(_news())
def test_clean_is_idempotent_on_news_like_text(text):
    once = clean(text)
    assert clean(once) == once
    # and a rewrite never changes which unit a later pass reads there, unless several units
    # bear the name: a form that was one namesake's own (its Russian name) chose it, the
    # official name they share leaves the choice to the context (3 of 1,576 mentions on real
    # news)
    gaz = toponorm.default().gazetteer
    shift, moved = 0, {}
    for m in find(text):
        if gaz.namesakes(gaz.index_of(m.place.id)) == 1:
            moved[m.start + shift] = m.place.id
        shift += len(m.replacement) - len(m.text)
    again = {m.start: m.place.id for m in find(once)}
    assert {k: again.get(k) for k in moved} == moved


@pytest.mark.parametrize(("text", "old"), [
    ("Bakhmut, formerly Artemovsk, was hit in Kharkov.", "Artemovsk"),
    ("Dnipro (formerly Dnepropetrovsk) and Kharkov.", "Dnepropetrovsk"),
    ("Artemovsk (now Bakhmut) and Kharkov.", "Artemovsk"),
    ("Artemovsk, renamed Bakhmut in 2016, and Kharkov.", "Artemovsk"),
    ("Its Soviet-era name, Artemovsk, is still used in Kharkov.", "Artemovsk"),
])
def test_a_name_given_as_the_old_name_keeps_its_spelling(text, old):
    # rewritten, the sentence would say the place was once called what it is called today;
    # it is still reported, and the rest is cleaned
    assert clean(text) == text.replace("Kharkov", "Kharkiv")
    assert old in {m.text for m in find(text)}


@pytest.mark.parametrize(("text", "cleaned"), [
    ("Kharkov, now under fire, and Kiev.", "Kharkiv, now under fire, and Kyiv."),
    ("Shelling in Artemovsk and Kharkov.", "Shelling in Bakhmut and Kharkiv."),
    ("Kiev, now Kyiv in English, and Kharkov.", "Kiev, now Kyiv in English, and Kharkiv."),
])
def test_no_renaming_said_no_old_name_kept(text, cleaned):
    assert clean(text) == cleaned


@pytest.mark.parametrize(("after", "oblast"), [
    (" in Kharkiv region, near", "Kharkiv"), (", Donetsk Oblast, officials", "Donetsk"),
    (" (Lviv region)", "Lviv"), (" and Stepnohirsk in Zaporizhzhia region", "Zaporizhzhia"),
    # a list ending in a region is one more item, not where the others lie (read so, a fuzz
    # input cleaned twice differed), and two oblasts are no location
    (", Zaporozhye, Luhansk region", None), (" and Donetsk regions", None),
    (" and the Donetsk region", None),
])
def test_the_oblast_after_a_name_is_read_only_from_in_of_or_a_comma(after, oblast):
    from toponorm.text.filter import _OBLAST_AFTER
    found = _OBLAST_AFTER.match(after)
    assert (found.group(1) if found else None) == oblast


@pytest.mark.parametrize("text", [
    "Energoatom said the lines were cut by shelling near Kherson, Ukraine.",
    "Ukraine's state nuclear company Energoatom cut the power near Kherson.",
])
def test_an_organisation_is_not_a_slip_of_a_place(text):
    # a slip of Enerhodar (Energodar) as a company: the word before it, or a speaker's verb
    # after a name only a garble reaches
    assert "Energoatom" not in {m.text for m in find(text)}
    assert "Energoatom" in clean(text)


@pytest.mark.parametrize(("text", "cleaned"), [
    # a place's known form speaks for its authorities, and a preposition keeps a slip a place
    ("Kiev said the talks had failed; Ukraine.", "Kyiv said the talks had failed; Ukraine."),
    ("The mayor of Melitipol said the city in Ukraine was shelled.",
     "The mayor of Melitopol said the city in Ukraine was shelled."),
    ("Shelling hit Melitipol, the governor said; Ukraine.",
     "Shelling hit Melitopol, the governor said; Ukraine."),
])
def test_places_that_speak_or_are_spoken_of_are_still_places(text, cleaned):
    assert clean(text) == cleaned


@pytest.mark.parametrize(("text", "old"), [
    ("In 2016 Dzerzhinsk became Toretsk; Kharkov.", "Dzerzhinsk"),
    ("Parliament renamed Novomoskovsk in Dnipropetrovsk region to Samar; Kharkov.",
     "Novomoskovsk"),
    ("Shchors and Kotovsk were renamed Snovsk and Podilsk; Kharkov.", "Kotovsk"),
    ("Krasnograd was renamed as well; Kharkov.", "Krasnograd"),
    # (the oblast that locates it was not renamed)
    ("Krasnograd in Kharkov region was renamed.", "Krasnograd"),
])
def test_a_renaming_the_sentence_tells_keeps_the_old_name(text, old):
    assert clean(text) == text.replace("Kharkov", "Kharkiv")
    assert old in {m.text for m in find(text)}


@pytest.mark.parametrize(("text", "cleaned"), [
    # a slip is no old name, and a known name with no renaming told is rewritten
    ("Bakmut was renamed streets; Kharkov.", "Bakhmut was renamed streets; Kharkiv."),
    ("Shelling hit Artemovsk. Kiev said Bakhmut burns.",
     "Shelling hit Bakhmut. Kyiv said Bakhmut burns."),
    ("Troops moved from Artemovsk to Kiev.", "Troops moved from Bakhmut to Kyiv."),
])
def test_no_renaming_told_no_old_name_kept(text, cleaned):
    assert clean(text) == cleaned


def test_a_given_name_after_a_title_in_lower_case_is_a_person():
    # the title alone, in lower case, is an adjective as often ("the deputy Kharkov governor")
    text = "Red commander Mykola Shchors is remembered in Kharkov."
    assert clean(text) == text.replace("Kharkov", "Kharkiv")
    assert clean("The deputy Kharkov governor said so.") == \
        "The deputy Kharkiv governor said so."


@pytest.mark.parametrize(("text", "kept"), [
    ("Nemiroff vodka left the market; Kyiv, Ukraine.", "Nemiroff"),
    ("She was buried at Lychakiv cemetery in Lviv, Ukraine.", "Lychakiv"),
    ("The Korsun-Shevchenkovsky pocket of 1944; Kyiv, Ukraine.", "Korsun-Shevchenkovsky"),
    ("The Lvov operation of 1944; Kyiv, Ukraine.", "Lvov"),
    ("The Treaty of Pereyaslav of 1654; Kyiv, Ukraine.", "Pereyaslav"),
    ("The gunboat Berdyansk was returned to Ukraine.", "Berdyansk"),
    ("His call sign Poltava was known in Kharkiv, Ukraine.", "Poltava"),
])
def test_things_named_after_a_place_keep_their_name(text, kept):
    assert kept in clean(text)


@pytest.mark.parametrize(("text", "kept"), [
    ("In Russia's Kursk region, troops took Sudzha and villages including Martynovka. "
     "Shelling in Kharkiv.", "Martynovka"),
    ("Shelling in Kharkiv. The governor of Russia's Belgorod region said Grayvoron was "
     "shelled.", "Grayvoron"),
])
def test_a_sentence_set_abroad_keeps_its_small_places_abroad(text, kept):
    assert kept in clean(text)
    assert kept.split("-")[0] not in {m.text for m in find(text)}


@pytest.mark.parametrize(("text", "cleaned"), [
    # the city's exact name stays Ukraine's; the frame is the sentence's alone
    ("In Russia, officials said Kharkov was hit.", "In Russia, officials said Kharkiv was hit."),
    ("In Russia's Kursk region, a fire. Shelling hit Bakmut in Ukraine.",
     "In Russia's Kursk region, a fire. Shelling hit Bakhmut in Ukraine."),
])
def test_a_frame_abroad_spares_cities_and_other_sentences(text, cleaned):
    assert clean(text) == cleaned


def test_a_name_with_a_short_word_in_lower_case_between_hyphens_is_read_whole():
    text = "Shelling hit Vasylivka-na-Dnipri and Kharkov."
    assert clean(text) == "Shelling hit Vasylivka-na-Dnipri and Kharkiv."
    assert find(text)[0].text == "Vasylivka-na-Dnipri"
    # and a longer name no Ukrainian place bears is not its first word
    text = "Slavyansk-na-Kubani had a fire. Shelling in Kharkov."
    assert clean(text) == text.replace("Kharkov", "Kharkiv")


def test_a_place_before_a_first_name_is_no_first_name():
    text = "The mayor of Mykolayiv Oleksandr Senkevych said the port in Ukraine was hit."
    assert clean(text) == text.replace("Mykolayiv", "Mykolaiv")
    # and a first name before a surname still is one
    assert "Volodymyr" not in {m.text for m in find("Volodymyr Zelenskiy spoke in Kyiv.")}


@pytest.mark.parametrize(("text", "cleaned"), [
    # (Mohyliv is a village near Dnipro and Kamianske)
    ("Prisoners in Mogilev and Grodno were freed. Shelling in Dnipro and Kamenskoye.",
     "Prisoners in Mogilev and Grodno were freed. Shelling in Dnipro and Kamianske."),
    ("Grodno, Mogilev and Brest voted. Shelling in Dnipro and Kamenskoye.",
     "Grodno, Mogilev and Brest voted. Shelling in Dnipro and Kamianske."),
    # a city's exact name stays Ukraine's beside a town abroad
    ("Shelling hit Kharkov and Belgorod.", "Shelling hit Kharkiv and Belgorod."),
    ("Russian shelling hit Shebekino and Vovchansk.",
     "Russian shelling hit Shebekino and Vovchansk."),
])
def test_a_small_place_listed_with_towns_abroad_lies_abroad(text, cleaned):
    assert clean(text) == cleaned
    assert "Mogilev" not in {m.text for m in find(text)}


@pytest.mark.parametrize("text", [
    "Artemov's grave in Kyiv, Ukraine, was cleaned.",
    "Kotovskiy's widow spoke in Kyiv, Ukraine.",
    "Shchorss's monument in Kyiv, Ukraine, was removed.",
])
def test_a_slip_that_owns_a_grave_or_a_widow_is_a_person(text):
    assert clean(text) == text


def test_a_place_may_own_a_monument():
    assert clean("Kharkov's monument was hit.") == "Kharkiv's monument was hit."


@pytest.mark.parametrize(("text", "cleaned"), [
    # a village's own official name is not given up for a place named nearby that once bore
    # it (Toretsk was Shcherbynivka until 1938), nor a romanisation for a GeoNames alias
    ("Russian forces shelled Toretsk. Fighting went on near Shcherbynivka and Zalizne.",
     "Russian forces shelled Toretsk. Fighting went on near Shcherbynivka and Zalizne."),
    ("Artillery shelled Nikopol, and the Slovyansk city council met.",
     "Artillery shelled Nikopol, and the Sloviansk city council met."),
])
def test_a_place_named_nearby_does_not_take_another_units_own_name(text, cleaned):
    assert clean(text) == cleaned


def test_a_given_name_right_after_a_lower_case_title_is_a_person():
    text = "Sumy regional governor Volodymyr Artiukh said the city in Ukraine was shelled."
    assert "Volodymyr" not in {m.text for m in find(text)}


@pytest.mark.parametrize(("text", "kept"), [
    ("Units of the Dnepr group of forces struck positions near Kherson.", "Dnepr"),
    ("The Sicheslav airborne brigade defended Kharkiv Oblast.", "Sicheslav"),
    ("The Yuzhnoye design bureau in Dnipro, Ukraine, was hit.", "Yuzhnoye"),
    ("FC Oleksandriya played in Kyiv, Ukraine.", "Oleksandriya"),
    ("Floods in the Pripyat marshes, Ukraine.", "Pripyat"),
    ("Shelling in Donetsk. The Kalmius in occupied Donbas is polluted.", "Kalmius"),
])
def test_groupings_clubs_marshes_and_rivers_keep_their_name(text, kept):
    assert kept in clean(text)
    assert kept not in {m.text for m in find(text)}


@pytest.mark.parametrize(("text", "kept"), [
    ("Shelling in Sumy. Kursk governor Alexei Smirnov said troops left Kremyanoye.",
     "Kremyanoye"),
    ("Polish farmers blocked the Dorohusk-Yagodin crossing into Volyn, Ukraine.", "Yagodin"),
    ("Troops left Nikolayevo-Darino near Sumy, Ukraine.", "Nikolayevo"),
])
def test_a_region_or_a_compound_abroad_keeps_small_places_abroad(text, kept):
    assert kept in clean(text)
    assert kept not in {m.text for m in find(text)}


@pytest.mark.parametrize(("text", "cleaned"), [
    ("The Kharkov-Kiev highway and the Kiev-Moscow train.",
     "The Kharkiv-Kyiv highway and the Kyiv-Moscow train."),
    ("Shelling on the Bakmut-Lisichansk road in Ukraine.",
     "Shelling on the Bakhmut-Lysychansk road in Ukraine."),
    ("Donetsk region governor said Bakmut was shelled.",
     "Donetsk region governor said Bakhmut was shelled."),
])
def test_places_joined_by_hyphens_or_in_ukrainian_regions_are_still_places(text, cleaned):
    assert clean(text) == cleaned
