"""resolve_many / find_many / clean_many (batch.py): each distinct row once, no row raises,
order kept, the same results in worker processes."""

from __future__ import annotations

import pytest

import toponorm
from toponorm import InputTypeError, InputValueError


def test_every_kind_of_cell_gets_a_status_in_order():
    rows = ["Baghmud", None, float("nan"), "", " \u200b ", "x" * 300, 42, "Strike", "Kiev"]
    got = toponorm.resolve_many(rows)
    assert [r.query for r in got[:2]] == ["Baghmud", None]
    assert [r.status for r in got] == ["resolved", "missing", "missing", "missing", "missing",
                                       "too-long", "not-text", "abstained", "resolved"]
    assert got[0].match == toponorm.resolve("Baghmud") and got[0].ok
    assert "common English word" in got[7].reason and got[7].match is None
    assert [r.status for r in toponorm.resolve_many(["Zolochiv"], oblast="Atlantis")] == \
        ["bad-context"]


def test_contexts_go_row_by_row_and_must_match_the_names():
    rows = toponorm.resolve_many(["Volodymyrivka", "Volodymyrivka"],
                                 contexts=["near Soledar, Donetsk Oblast", None])
    assert rows[0].match.id == toponorm.resolve(
        "Volodymyrivka", context="near Soledar, Donetsk Oblast").id
    assert rows[1].match.id == toponorm.resolve("Volodymyrivka").id
    with pytest.raises(InputValueError, match="contexts has 1 rows, names 2"):
        toponorm.resolve_many(["a", "b"], contexts=["c"])


def test_a_rows_context_may_name_its_own_admin_units():
    rows = toponorm.resolve_many(
        ["Zolochiv", "Zolochiv", "Zolochiv", "Zolochiv"],
        contexts=[{"oblast": "Kharkiv"}, {"oblast": "Lviv", "raion": float("nan")},
                  {"oblast": None, "context": "Lviv oblast"}, {"district": "x"}],
        oblast="Kharkiv")
    assert rows[0].match.id == toponorm.resolve("Zolochiv", oblast="Kharkiv").id
    # the row's own oblast wins over the one given for all rows; a missing cell adds nothing
    assert rows[1].match.id == toponorm.resolve("Zolochiv", oblast="Lviv").id
    assert rows[0].match.id != rows[1].match.id
    assert rows[2].match.id == rows[0].match.id  # (the oblast for all rows constrains it)
    assert rows[3].status == "bad-context" and "district" in rows[3].reason


def test_each_distinct_row_is_decided_once():
    tn = toponorm.Toponorm()
    calls = []
    real = tn.decide

    def counting(name, **kwargs):
        calls.append(name)
        return real(name, **kwargs)

    tn.decide = counting  # type: ignore[method-assign]
    out = tn.resolve_many(["Gershon", "Gershon", "Lyciansansk", "Gershon", None] * 50)
    assert len(out) == 250 and sorted(calls) == ["Gershon", "Lyciansansk"]
    assert out[3] == out[0] and out[4].status == "missing"


def test_documents_are_cleaned_on_their_own_and_cells_kept():
    assert toponorm.clean_many(["From Kiev.", None, 7, "To Kharkov."]) == \
        ["From Kyiv.", None, 7, "To Kharkiv."]
    found = toponorm.find_many(["Kiev and Kharkov", None, "", 3.5])
    assert [len(f) for f in found] == [2, 0, 0, 0]


def test_worker_processes_give_the_same_rows():
    names = [f"{n}{s}" for n in ("Baghmud", "Kharkov", "Severdonetsk", "Lutsg", "Kiev")
             for s in ("", "a", "o", "ka", "sk", "'s")] * 3 + [None, 5] + \
        [f"Village{i}" for i in range(300)]
    tn = toponorm.Toponorm()
    assert tn.resolve_many(names, n_jobs=2) == tn.resolve_many(names)
    texts = [f"Shelling near Baghmud, day {i}." for i in range(300)]
    assert tn.clean_many(texts, n_jobs=2) == tn.clean_many(texts)


@pytest.mark.parametrize("bad", [0, -2, "2", 1.5, True])
def test_n_jobs_is_checked(bad):
    with pytest.raises((InputTypeError, InputValueError), match="n_jobs"):
        toponorm.resolve_many(["Kiev"] * 300 + [str(i) for i in range(300)], n_jobs=bad)


def test_blank_documents_come_back_byte_for_byte():
    cells = ["   ", None, "\n", " ", "\t\t", "", "Kiev"]
    assert toponorm.clean_many(cells) == ["   ", None, "\n", " ", "\t\t", "", "Kyiv"]
    assert [r.status for r in toponorm.resolve_many(["   ", ""])] == ["missing", "missing"]


@pytest.mark.parametrize("column", ["Kiev", b"Kiev", None, 5])
def test_a_column_must_be_a_column(column):
    with pytest.raises(InputTypeError, match="must be a column"):
        toponorm.resolve_many(column)
    with pytest.raises(InputTypeError, match="must be a column"):
        toponorm.clean_many(column)


def test_resolve_frame_gives_flat_columns_with_the_series_index():
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    from toponorm.batch import RECORD_COLUMNS
    from toponorm.frames import resolve_frame

    column = pd.Series(["Kiev", None, np.nan, "", "x" * 10_000, "Baghmud", 7, "Kiev"],
                       index=[10, 11, 12, 13, 14, 15, 16, 17])
    frame = resolve_frame(column, oblast=None)
    assert list(frame.columns) == list(RECORD_COLUMNS)
    assert list(frame.index) == list(column.index)
    assert list(frame["status"]) == ["resolved", "missing", "missing", "missing", "too-long",
                                     "resolved", "not-text", "resolved"]
    kyiv = frame.loc[10]
    assert (kyiv["name"], kyiv["kind"], kyiv["id"]) == ("Kyiv", "city", toponorm.get(
        kyiv["id"]).id)
    assert frame.loc[15, "oblast"] == "Donetska oblast" and frame.loc[15, "lat"] > 48
    assert pd.isna(frame.loc[11, "id"]) and frame.loc[14, "reason"].startswith("10,000")
    assert 0 < frame.loc[15, "confidence"] <= 1
    # per-row contexts: another column of the same length
    names = pd.Series(["Zolochiv", "Zolochiv"])
    contexts = pd.Series(["Kharkiv oblast", "Lviv oblast"])
    ob = resolve_frame(names, contexts=contexts)["oblast"]
    assert list(ob) == ["Kharkivska oblast", "Lvivska oblast"]
    # a context Series pairs by index label, as pandas pairs two Series
    ob = resolve_frame(names, contexts=contexts.iloc[::-1])["oblast"]
    assert list(ob) == ["Kharkivska oblast", "Lvivska oblast"]
    with pytest.raises(InputValueError, match="index"):
        resolve_frame(names, contexts=pd.Series(["Lviv oblast"] * 2, index=[5, 6]))
    # a whole table is no column (it would iterate its column names)
    with pytest.raises(InputTypeError, match="one column"):
        resolve_frame(pd.DataFrame({"a": ["Kiev"], "b": ["x"]}))
    with pytest.raises(InputTypeError, match="one column"):
        toponorm.resolve_many({"Kiev": 1})
