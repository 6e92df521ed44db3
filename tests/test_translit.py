"""KMU 2010 romanisation: the resolution's own examples, and translitua as an oracle."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from toponorm.query.translit import kmu2010

REPO = Path(__file__).resolve().parents[1]

# Examples from the table of Cabinet of Ministers resolution No. 55 (27 January 2010).
RESOLUTION_EXAMPLES = [
    ("Алушта", "Alushta"), ("Андрій", "Andrii"), ("Борщагівка", "Borshchahivka"),
    ("Борисенко", "Borysenko"), ("Вінниця", "Vinnytsia"), ("Володимир", "Volodymyr"),
    ("Гадяч", "Hadiach"), ("Богдан", "Bohdan"), ("Згурський", "Zghurskyi"),
    ("Ґалаґан", "Galagan"), ("Ґорґани", "Gorgany"), ("Донецьк", "Donetsk"),
    ("Дмитро", "Dmytro"), ("Рівне", "Rivne"), ("Олег", "Oleh"), ("Есмань", "Esman"),
    ("Єнакієве", "Yenakiieve"), ("Гаєвич", "Haievych"), ("Короп'є", "Koropie"),
    ("Житомир", "Zhytomyr"), ("Жанна", "Zhanna"), ("Жежелів", "Zhezheliv"),
    ("Закарпаття", "Zakarpattia"), ("Казимирчук", "Kazymyrchuk"), ("Медвин", "Medvyn"),
    ("Михайленко", "Mykhailenko"), ("Іванків", "Ivankiv"), ("Іващенко", "Ivashchenko"),
    ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"), ("Мар'їне", "Marine"),
    ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"), ("Олексій", "Oleksii"),
    ("Київ", "Kyiv"), ("Коваленко", "Kovalenko"), ("Лебедин", "Lebedyn"),
    ("Леонід", "Leonid"), ("Миколаїв", "Mykolaiv"), ("Маринич", "Marynych"),
    ("Ніжин", "Nizhyn"), ("Наталія", "Nataliia"), ("Одеса", "Odesa"), ("Онищенко", "Onyshchenko"),
    ("Полтава", "Poltava"), ("Петро", "Petro"), ("Решетилівка", "Reshetylivka"),
    ("Рибчинський", "Rybchynskyi"), ("Суми", "Sumy"), ("Соломія", "Solomiia"),
    ("Тернопіль", "Ternopil"), ("Троць", "Trots"), ("Ужгород", "Uzhhorod"), ("Уляна", "Uliana"),
    ("Фастів", "Fastiv"), ("Філіпчук", "Filipchuk"), ("Харків", "Kharkiv"),
    ("Христина", "Khrystyna"), ("Біла Церква", "Bila Tserkva"), ("Стеценко", "Stetsenko"),
    ("Чернівці", "Chernivtsi"), ("Шевченко", "Shevchenko"), ("Шостка", "Shostka"),
    ("Кишеньки", "Kyshenky"), ("Щербухи", "Shcherbukhy"), ("Гоща", "Hoshcha"),
    ("Гаращенко", "Harashchenko"), ("Юрій", "Yurii"), ("Корюківка", "Koriukivka"),
    ("Яготин", "Yahotyn"), ("Ярошенко", "Yaroshenko"), ("Костянтин", "Kostiantyn"),
    ("Знам'янка", "Znamianka"), ("Феодосія", "Feodosiia"),
]


@pytest.mark.parametrize(("uk", "latin"), RESOLUTION_EXAMPLES)
def test_resolution_examples(uk, latin):
    assert kmu2010(uk) == latin


@pytest.mark.parametrize(("uk", "latin"), [
    ("Знам’янка", "Znamianka"),  # typographic apostrophe
    ("Знамʼянка", "Znamianka"),  # modifier letter apostrophe
    ("Івано-Франківськ", "Ivano-Frankivsk"),
    ("Кам'янець-Подільський", "Kamianets-Podilskyi"),
    ("Юр'ївка", "Yurivka"),  # ї after an apostrophe is not word-initial
    ("Нова Ялта", "Nova Yalta"),  # each word starts anew
    ("ЗГУРІВКА", "ZGHURIVKA"),
])
def test_word_starts_apostrophes_and_case(uk, latin):
    assert kmu2010(uk) == latin


def test_agrees_with_translitua_on_every_codifier_name():
    translitua = pytest.importorskip("translitua")
    path = REPO / "gazetteer" / "sources" / "katottg_2024.tsv"
    if not path.exists():
        pytest.skip("source extracts are not next to this test run")
    with open(path, encoding="utf-8") as f:
        names = [row["name"] for row in csv.DictReader(f, delimiter="\t",
                                                        quoting=csv.QUOTE_NONE)]
    assert len(names) == 31744
    disagree = [(n, kmu2010(n), translitua.translit(n)) for n in names
                if kmu2010(n) != translitua.translit(n)]
    assert disagree == []
