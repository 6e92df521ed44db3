"""Every tuned number of the matcher and the text filter, one line each on what it does and how
it was chosen. "calibrate" means ``benchmarks/calibrate.py`` (the training half of the synthetic
garbles and the English word list; docs/matching.md has the curves); "benchmark" means the dev
figures of ``benchmarks/run.py``; "judgement" means set by reasoning and checked on the tests.
Change one here and rerun both before you trust it.
"""

from __future__ import annotations

from types import MappingProxyType

# -- the 0-100 score scale -------------------------------------------------------------------
#: The query is the form itself (after folding). Data, not tuning.
EXACT_SCORE = 100.0
#: The same letters once spaces and the romanisations' drift are undone (Zhytomyyr): as good as
#: a listed form, but not one. The scorer gives it and the decider reads ``>=`` it as "the
#: same letters" (``same_letters``). Judgement.
SAME_LETTERS_SCORE = 99.0


def same_letters(score: float) -> bool:
    """Does a score say the query has a form's letters (exact, or only drift apart)?"""
    return score >= SAME_LETTERS_SCORE


# -- similarity (match/score.py) -------------------------------------------------------------
#: Weights of letters (indel, swaps cost one), shape (Jaro-Winkler both ways) and sounds
#: (phonetic key distance) in ``similarity``. Calibrate.
LETTERS_WEIGHT, SHAPE_WEIGHT, SOUNDS_WEIGHT = 0.35, 0.25, 0.40
#: Points off a query with an East Slavic surname ending the form does not share. Calibrate.
SURNAME_PENALTY = 8.0
#: Points per letter of length difference beyond ``LENGTH_SLACK``. Calibrate.
LENGTH_PENALTY = 4.0
LENGTH_SLACK = 2
#: Points off a one-word query compared with a name of several words. Calibrate.
RUN_TOGETHER_PENALTY = 8.0
#: Shortest first/last word of a name that a run-together query may keep. Benchmark (probe
#: lists: Cornelis is no Chornyi Lis).
RUN_TOGETHER_MIN_WORD = 4
#: Points off a query that is the form's letters followed by three or more of its own
#: (Kyivstar). Judgement, checked on the precision corpus.
COMPOUND_PENALTY = 15.0

# -- acceptance (match/score.py: fuzzy_cutoff) -----------------------------------------------
#: The default cutoff of a fuzzy match, the one number users set. Calibrate.
CUTOFF = 80.0
#: What each kind adds to the cutoff: news names cities far more than villages. Calibrate.
KIND_MARGIN = MappingProxyType({"K": -4.0, "M": -4.0, "X": 4.0, "C": 12.0, "B": 17.0,
                                "O": -8.0, "P": -4.0, "H": 8.0})
#: Cities over this population need a little less, up to ``BIG_CITY_RELIEF``. Calibrate.
BIG_CITY_POPULATION = 100_000
BIG_CITY_RELIEF = 2.0
#: Queries shorter than ``SHORT_QUERY`` letters need this much more per missing letter
#: (cities and oblasts, then other kinds): short words are near something by chance. Calibrate.
SHORT_QUERY = 8
SHORT_QUERY_POINTS_BIG = 3.0
SHORT_QUERY_POINTS = 4.0

# -- priors (match/score.py: prior) ----------------------------------------------------------
#: Ranking points of each kind before any evidence. Benchmark.
KIND_PRIOR = MappingProxyType({"K": 4.0, "M": 3.0, "O": 3.0, "X": 1.5, "P": 1.0, "C": 0.0,
                               "H": 0.0, "B": -1.0})
#: Ranking points per decade of population. Benchmark.
POPULATION_WEIGHT = 1.5
#: A city GeoNames does not list ranks as this small, not as empty: the smallest city GeoNames
#: lists has 939. Data.
CITY_POPULATION_FLOOR = 1_000

# -- candidates (match/candidates.py) --------------------------------------------------------
#: Beyond this many forms the fuzzy tail is cut, keeping the closest by letters. Benchmark
#: (speed against top-1).
MAX_FORMS = 24
#: Letter edits are looked for only in queries this long once drift-folded. Benchmark.
MIN_LETTER_EDIT_LENGTH = 4
#: How far a phonetic key may drift, by key length: (longest length, distance) steps. Benchmark.
KEY_DISTANCE_STEPS = ((2, 0), (4, 1), (6, 2))
KEY_DISTANCE_MAX = 3

# -- ranking (match/rank.py) -----------------------------------------------------------------
#: Ranking points of an exact match on a unit's current official name. Benchmark.
OFFICIAL_POINTS = 6.0
#: Points a form loses when only weak sources vouch for it, matched exactly / fuzzily.
#: Benchmark (war-report aliases against the probe lists).
WEAK_SOURCE_PENALTY = 6.0
WEAK_FUZZY_PENALTY = 12.0
#: Ranking points a former or alternate name loses when another candidate bears it today.
#: Benchmark.
FORMER_NAME_PENALTY = 8.0
#: A unit whose current name is one slip from the query is ordered as if it fitted this well,
#: for queries of this many letters or more. Benchmark (dev seeds).
ONE_SLIP_SCORE = 92.0
ONE_SLIP_MIN_LETTERS = 5
#: Points a city district loses where a raion bears the same name exactly. Judgement.
CITY_DISTRICT_YIELDS = 3.0
#: How many ranked candidates are kept (all namesakes of the ``LEADING_NAMES`` best stay too,
#: for context to choose from). Judgement.
KEEP_RANKED = 50
LEADING_NAMES = 5

# -- the leak gap (match/leakgap.py) ---------------------------------------------------------
#: A form that fills the gap a cut foreign-script run left scores this, less ``LEAK_GAP_STEP``
#: per letter between and a tenth of what its letters alone miss. Benchmark (leak probes).
LEAK_GAP_SCORE = 99.0
LEAK_GAP_STEP = 2.0
LEAK_GAP_MAX = 3
#: ... and only when at least this many letters are left around the run. Judgement.
LEAK_GAP_MIN_LETTERS = 4

# -- the decision (match/decide.py) ----------------------------------------------------------
#: The shortest query a drift-only match is accepted for without an exact form. Benchmark
#: (foreign first names: Nadja).
DRIFT_MIN_LETTERS = 6
#: Two names whose fits differ by less than this, ranked within ``AMBIGUOUS_RANK``, are
#: ambiguous; an exact form is ambiguous with another within ``AMBIGUOUS_EXACT_RANK``.
#: Calibrate.
AMBIGUOUS_FIT = 3.0
AMBIGUOUS_RANK = 3.0
AMBIGUOUS_EXACT_RANK = 1.0
#: Namesakes whose ranks with context differ by less than this are counted as unresolved.
#: Judgement.
NAMESAKE_TIE = 1.0
#: A namesake counts only if the query fits it nearly as well as the answer: within the
#: penalty of a weak source plus ``AMBIGUOUS_FIT`` ("Kalinovka", the Russian name of every
#: Kalynivka, is attested for some and reconstructed for others). A former name one village
#: bore makes its namesakes today no rivals. Judgement.
NAMESAKE_FIT = WEAK_SOURCE_PENALTY + AMBIGUOUS_FIT
#: How many of those namesakes ``Match.alternatives`` lists. Judgement (a screenful).
ALTERNATIVES_SHOWN = 10

# -- context (match/context.py) --------------------------------------------------------------
#: Points of context: the unit itself named, a candidate inside a named unit or sharing its
#: parent. Judgement, checked by the context cases of the benchmark.
IDENTITY_POINTS = 10.0
INSIDE_OBLAST_POINTS, INSIDE_RAION_POINTS, INSIDE_HROMADA_POINTS = 3.0, 6.0, 8.0
#: Places within ``NEAR_KM`` earn up to ``NEAR_POINTS``, falling linearly with distance.
NEAR_KM = 40.0
NEAR_POINTS = 8.0
#: Between namesakes the context outweighs the prior of kind and population this much.
#: Benchmark (context cases).
NAMESAKE_CONTEXT_WEIGHT = 3.0
#: What the same unit, named confidently elsewhere, adds towards accepting a weak fuzzy match
#: (Lyciansansk beside Lysychansk). Benchmark (seed gold).
IDENTITY_SUPPORT = 8.0
#: The rescue by identity looks at this many of the ranked candidates. Judgement.
IDENTITY_RESCUE_DEPTH = 50

# -- running text (text/) --------------------------------------------------------------------
#: The most words one name may have. Data (the longest names in use have three).
MAX_WORDS = 3
#: The most characters a name in running text may have (the longest canonical name has 32).
#: Data; it also bounds how far a word is read, which keeps the filter linear.
MAX_NAME_CHARS = 60
#: Characters read before and after a capitalised word for its context. Judgement.
WINDOW_BEFORE, WINDOW_AFTER = 32, 72
#: Matches at least this good are context for the rest of the text. Benchmark (seed gold).
STRONG_SCORE = 90.0
#: "X in Kyiv": how far from the named city a fuzzy match to X may lie when neither the city's
#: oblast nor the oblast named after it holds X (text/guards.py). Judgement: a city's
#: suburbs and the villages a report calls "near" it.
LOCATED_KM = 100.0
#: Context points (the same raion, or within 10 km) that make a place of a common word.
#: Judgement.
NEARBY_POINTS = 6.0
#: A tie to a named place is evidence only if chance would rarely give it: the expected number
#: of such ties between any namesake of the name and any namesake of the places the text names
#: (namesakes x namesakes / areas of that level) must stay below this. A tie one text in ten
#: would show by luck is no evidence. Judgement, set before measuring.
CHANCE_TIE_MAX = 0.1
#: Several capitalised words are taken together only when they resolve this well, and this
#: well when one of them is a common English word. Benchmark (precision corpus).
MULTIWORD_SCORE = 90.0
MULTIWORD_COMMON_SCORE = 99.0
#: A span none resolved is still reported for context only when its best candidate scores
#: this. Judgement.
WEAK_SPAN_SCORE = 55.0
#: What the text filter's cache of analysed spans keeps: candidates within this many ranking
#: points of the best, at most ``CACHED_CANDIDATES``. Judgement (memory on varied text).
CACHED_RANK_SPREAD = 30.0
CACHED_CANDIDATES = 80
#: How many people's surnames a stream remembers (the latest): one sense per discourse, with
#: bounded memory over a long stream. Judgement.
PEOPLE_REMEMBERED = 4096
#: Places a long stream keeps as context for what follows (the most recently named): a stream
#: of many documents must not carry every place it ever named (time per MB would grow).
#: Judgement: many times the places one article names.
PLACES_REMEMBERED = 64
#: Text is handled in segments of about this many characters (memory stays bounded). Judgement.
SEGMENT = 1 << 16

# -- a named area (match/area.py) -------------------------------------------------------------
#: Points off the fuzzy cutoff per tenfold narrowing of the field (31,744 units nationwide; an
#: oblast has about 1,200, a raion about 250, a hromada about 20), never more than chance adds
#: nationwide (the kind's margin and the short-query points: score.fuzzy_cutoff).
#: benchmarks/calibrate_area.py (600 garbles by the training models, 600 names of other
#: oblasts' villages; the held-out model unused), raion+oblast right / names from elsewhere
#: given a unit inside (oblast only, raion+oblast): relief 0 62.2% / 3.0%, 1.3%; 3: 69.0% /
#: 3.8%, 1.7%; 5: 72.5% / 4.8%, 1.8%; 8 and 12 no better for the raion, worse elsewhere.
FIELD_RELIEF = 5.0
#: The most the field's size can take off the cutoff (8 and 12 measured the same as 5 above).
FIELD_RELIEF_MAX = 12.0
#: Consonant classes a garble may lose beyond the nationwide rule in a field of at most
#: FIELD_SLACK_UNITS units (a raion, not an oblast). Same run, with relief 5: slack 1 lifts
#: raion+oblast right to 83.2% (names from elsewhere inside: 4.2% with the raion); in an
#: oblast it would let 7.2% of those in, against 4.8% without, so oblasts get none.
FIELD_KEY_SLACK = 1
FIELD_SLACK_UNITS = 600
#: Points below the base cutoff itself per tenfold narrowing under FIELD_FLOOR_UNITS units,
#: at most FIELD_FLOOR_MAX (see Area.floor). ``calibrate_area.py --floor`` (training garbles
#: with hromada, raion and oblast named, right / wrong; other oblasts' names given a unit
#: inside, with a raion and with a hromada): none 93.7% / 0.2%, 4.2%, 1.2%; (600 units, 5)
#: 97.0%, but 6.5% of those names inside a raion; (150, 8) 96.3% / 0.2%, 4.3%, 2.5%; (150,
#: 12) 97.0%, 4.3%, 2.7%. A raion (about 250 units) keeps the nationwide base.
FIELD_FLOOR = 8.0
FIELD_FLOOR_UNITS = 150
FIELD_FLOOR_MAX = 12.0
#: A clear winner inside a named area (match.decide._clear_winner): below the cutoff, but every
#: other name inside fits WINNER_MARGIN points worse, nothing outside fits better, it scores
#: WINNER_MIN_SCORE or more and falls short by at most WINNER_SUPPORT points or
#: WINNER_KEY_SLACK consonant classes; in any field of at most WINNER_UNITS units (an oblast's
#: has at most about 2,000; never the whole country). ``calibrate_area.py --winner`` (600
#: training and phonetic garbles right / wrong with oblast, raion+oblast, all three named;
#: 1,200 names from elsewhere, half towns abroad, given a unit inside with oblast, raion,
#: hromada): seed 20261206, none 55.3% / 4.3%, 82.2% / 1.8%, 96.3% / 0.2%; 2.7%, 2.2%, 0.9%;
#: raion fields only (600 units, support 10, slack 1, floor 75, margin 10) 85.7% / 1.8%, 97.5%,
#: names inside unchanged; oblasts too (2,000) 63.2%, 86.3%, 97.5%, unchanged. Seed 7, none
#: 56.3% / 2.3%, 79.5% / 0.8%, 93.7% / 0.3%; 2.8%, 3.2%, 1.2%; with (5,000, margin 6 / 8 / 10)
#: 68.8 / 68.0 / 67.3% and 2.5% wrong, 85.0% / 0.8%, 95.3% / 0.3%; 3.0%, 3.2%, 1.2%. A margin
#: of 15 lost 1-2 points; a support of 5 or 15, a floor of 80, a slack of 2: within 0.6.
WINNER_UNITS = 5000
WINNER_MARGIN = 8.0
WINNER_SUPPORT = 10.0
WINNER_KEY_SLACK = 1
WINNER_MIN_SCORE = 75.0
#: The area's forms the letter-level prefilter passes on to the full score, and the least
#: rapidfuzz ratio it takes. Judgement: a garble's own form is always among the first few.
FIELD_SCAN_FORMS = 30
#: The most confidence an answer outside the named area gets (the exact name of a big city).
#: Judgement: as likely a mislabelled row as a place the caller did not mean.
OUTSIDE_AREA_CONFIDENCE = 0.5
#: Areas whose tables of forms a Toponorm keeps (an oblast's is about 1 MB). Judgement: the
#: 27 oblasts and a few dozen raions of a dataset stay warm.
FIELDS_KEPT = 64
FIELD_SCAN_MIN_RATIO = 50.0

#: How many times a segment is read again so that the words beside a rewritten name see it as
#: what it becomes (text/filter.py ``_mentions``): one settles nearly every case.
CLEANED_REREADS = 2
