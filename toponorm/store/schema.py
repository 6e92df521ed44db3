"""The artifact's schema: categories, kinds, source tags and columns, shared by the build
(gazetteer/build.py) and the runtime so that neither side can drift from the other."""

from __future__ import annotations

__all__ = [
    "ADMIN", "BIG", "CITIES", "CITY", "CITY_DISTRICT", "FORMAT_VERSION", "HROMADA",
    "KINDS", "KIND_BY_CATEGORY", "OBLAST", "PCODE_DIGITS", "RAION", "RU_SYSTEMS", "SETTLEMENT",
    "SETTLEMENTS",
    "SPECIAL_CITY", "TAGS", "UK_SYSTEMS", "UNIT_COLUMNS", "VILLAGE", "WEAK_TAGS",
]

#: Format of ``data/gazetteer.tsv.gz`` and ``gazetteer_extra.tsv.gz``; the reader refuses any
#: other.
FORMAT_VERSION = 1

# The codifier's own category letters.
OBLAST = "O"  #: an oblast, or the Autonomous Republic of Crimea
SPECIAL_CITY = "K"  #: a city of special status (Kyiv, Sevastopol)
RAION = "P"
HROMADA = "H"
CITY = "M"
SETTLEMENT = "X"  #: a rural settlement (селище)
VILLAGE = "C"
CITY_DISTRICT = "B"

KIND_BY_CATEGORY = {OBLAST: "oblast", SPECIAL_CITY: "city", RAION: "raion", HROMADA: "hromada",
                    CITY: "city", SETTLEMENT: "settlement", VILLAGE: "village",
                    CITY_DISTRICT: "city district"}
#: How many digits of the codifier code make a unit's OCHA P-code (admin levels 1 to 4; a
#: city district has no P-code). Kyiv and Sevastopol are all four levels at once: UA80,
#: UA8000, UA8000000, UA8000000000.
PCODE_DIGITS = {OBLAST: 2, SPECIAL_CITY: 2, RAION: 4, HROMADA: 7, CITY: 10, SETTLEMENT: 10,
                VILLAGE: 10}
#: Every ``kind`` a unit can have.
KINDS = ("oblast", "raion", "hromada", "city", "settlement", "village", "city district")

# Groups of categories the matcher and the text filter reason about.
CITIES = SPECIAL_CITY + CITY  #: cities of either status
BIG = CITIES + OBLAST  #: what news names most: cities and oblasts
ADMIN = OBLAST + RAION + HROMADA  #: units with a short form ("Donetsk" of Donetsk Oblast)
SETTLEMENTS = CITIES + SETTLEMENT + VILLAGE  #: places people live in

# Variant systems, each a source tag. Ukrainian systems romanise Ukrainian names; Russian ones
# romanise Russian names. translitua implements them; names follow its table classes.
UK_SYSTEMS = ["UkrainianNational1996", "UkrainianPassport2007", "UkrainianPassport2004Alt",
              "UkrainianBGN", "UkrainianBritish", "UkrainianISO9", "UkrainianWWS",
              "UkrainianFrench", "UkrainianGerman", "UkrainianGOST1971", "UkrainianGOST1986",
              "UkrainianALALC", "UkrainianDSTU9112A", "UkrainianDSTU9112B", "UkrainianSimple"]
RU_SYSTEMS = ["RussianICAO", "RussianISOR9Table2", "RussianTelegram", "RussianISO9SystemA",
              "RussianISO9SystemB", "RussianInternationalPassport1997",
              "RussianInternationalPassport1997Reduced", "RussianDriverLicense", "RussianALALC",
              "RussianGOST2006", "RussianSimple", "BGN/PCGN"]

#: Source tags, in bit order. A (unit, form) pair carries the OR of the tags that produced it.
TAGS = (["official", "official-cyrillic"]
        + [f"uk:{s}" for s in UK_SYSTEMS]
        + [f"ru:{s}" for s in RU_SYSTEMS]
        + ["russian-name:geonames", "russian-name:reconstructed", "geonames-latin",
           "geonames-cyrillic", "former-name", "former-name-cyrillic", "former-name-reconstructed",
           "former-name-historical", "short-name", "geonames-other-name"])

#: Sources that are weak evidence on their own: GeoNames' alternate names mix in historical and
#: mistaken names; reconstructed Russian names are guesses from the Ukrainian form; names given
#: up before 1991 are rarely written today.
WEAK_TAGS = ("geonames-latin", "russian-name:reconstructed", "former-name-reconstructed",
             "former-name-historical")
#: The weak sources that are not regular reconstructions.
UNATTESTED_TAGS = ("geonames-latin", "former-name-historical")
#: A unit's current official name, in Latin and Cyrillic.
OFFICIAL_TAGS = ("official", "official-cyrillic")
#: Russian names rebuilt from the Ukrainian ones by regular rules.
RECONSTRUCTED_TAGS = ("russian-name:reconstructed", "former-name-reconstructed")
#: Prefixes of the tags of names a unit does not bear today (former names, GeoNames alternates,
#: which mix exonyms with old names); every other tag is a form of the current name.
ALTERNATE_TAG_PREFIXES = ("former-name", "geonames-")

#: Columns of the units section, in order.
UNIT_COLUMNS = ["id", "category", "name_uk", "name", "short", "oblast", "raion", "hromada",
                "geonames_id", "lat", "lon", "population"]

#: KATOTTG codes have a fixed width: a unit's line starts with its 19-character id.
ID_LENGTH = 19
