"""``toponorm csv``: a table's column resolved or cleaned, every cell read written back."""

from __future__ import annotations

import csv
import io

from test_cli import ok, one_error_line, run  # (the tests folder is on sys.path)

import toponorm
from toponorm.cli_table import fields


def _table(out: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out.decode("utf-8", "surrogateescape"),
                                           newline="")))


TABLE = (b"event,place,region,note\r\n"
         b"1,Kamianka,Cherkasy,\"shelling, at night\"\r\n"
         b"2,Kamianka,Zaporizhzhia oblast,\r\n"
         b"3,Kharkov,,\r\n"
         b"4,,,empty\r\n"
         b"5,Zhelanne\r\n")


def test_a_column_is_resolved_with_each_rows_own_oblast(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(TABLE)
    out = ok("csv", path, "--column", "place", "--oblast-column", "region")
    rows = _table(out)
    assert [r["event"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert list(rows[0]) == ["event", "place", "region", "note",
                             *(f"toponorm_{f}" for f in fields())]
    # the same name, a different oblast on each row: each row's own answer
    expected = [toponorm.resolve("Kamianka", oblast=o) for o in ("Cherkasy", "Zaporizhzhia")]
    assert all(m is not None for m in expected) and expected[0].id != expected[1].id
    assert [rows[0]["toponorm_id"], rows[1]["toponorm_id"]] == [m.id for m in expected]
    assert rows[1]["toponorm_oblast"] == "Zaporizka oblast"
    assert rows[2]["toponorm_name"] == "Kharkiv" and rows[2]["toponorm_status"] == "resolved"
    assert rows[2]["toponorm_pcode"] == toponorm.resolve("Kharkiv").unit.pcode
    assert rows[3]["toponorm_status"] == "missing" and rows[3]["toponorm_id"] == ""
    assert rows[4]["toponorm_name"] == "Blahodatne"  # a former name, renamed since
    # every cell read is written back, CRLF line ends and the quoted comma included; the
    # short last row is padded to the header so the new fields line up
    lines = out.split(b"\r\n")
    assert lines[1].startswith(b'1,Kamianka,Cherkasy,"shelling, at night",resolved,')
    assert lines[5].startswith(b"5,Zhelanne,,,resolved,")
    assert b"\n" not in out.replace(b"\r\n", b"")


def test_without_an_oblast_a_name_of_many_places_has_a_low_confidence(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"place\nKamianka\nZhytomyr\n")
    row, unique = _table(ok("csv", path, "--column", "place"))
    # (the city, whose namesakes are villages: counted in the confidence, not as namesakes)
    assert row["toponorm_status"] == "resolved" and row["toponorm_namesakes"] == "0"
    assert float(row["toponorm_confidence"]) < 0.6
    assert float(row["toponorm_confidence"]) < float(unique["toponorm_confidence"]) - 0.3


def test_bytes_that_are_not_utf8_survive(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"place;note\nKiev;caf\xe9\n")
    out = ok("csv", path, "--column", "place", "-d", ";")
    assert out.split(b"\n")[1].startswith(b"Kiev;caf\xe9;resolved;")


def test_clean_appends_the_text_rewritten(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"id\ttext\n1\tShelling near Kharkov and Zaporozhye.\n2\tNo place here.\n")
    out = ok("csv", path, "--column", "text", "--clean", "-d", "tab", "--prefix", "x_")
    assert out.decode().splitlines() == [
        "id\ttext\tx_text",
        "1\tShelling near Kharkov and Zaporozhye.\tShelling near Kharkiv and Zaporizhzhia.",
        "2\tNo place here.\tNo place here."]


def test_processes_give_the_rows_in_order(tmp_path):
    # more distinct names than one worker's share, so that --jobs 2 really forks
    names = [u.name for u in toponorm.default().gazetteer.units()
             if u.kind == "city"][:400]
    path = tmp_path / "t.csv"
    path.write_text("n,place\n" + "".join(f"{i},{n}\n" for i, n in enumerate(names)),
                    encoding="utf-8")
    one = ok("csv", path, "--column", "place")
    assert ok("csv", path, "--column", "place", "-j", "2") == one
    rows = _table(one)
    assert [r["place"] for r in rows] == names


def test_output_file_and_stdin(tmp_path):
    target = tmp_path / "out.csv"
    assert ok("csv", "--column", "place", "-o", target, input=b"place\nKiev\n") == b""
    assert _table(target.read_bytes())[0]["toponorm_name"] == "Kyiv"


def test_bad_tables_get_one_error_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,location\n1,Kiev\n")
    err = one_error_line(run("csv", path, "--column", "place"), 1)
    assert "no column 'place'" in err and "'location'" in err
    assert "no header" in one_error_line(run("csv", "--column", "x", input=b""), 1)
    assert "cannot read" in one_error_line(run("csv", tmp_path / "nope.csv", "--column", "x"), 1)
    usage = run("csv", path, "--column", "id", "-d", "ab")
    assert usage.returncode == 2 and b"must be one character" in usage.stderr
    target = tmp_path / "out.csv"
    target.write_bytes(b"kept")
    assert "no column" in one_error_line(run("csv", path, "--column", "x", "-o", target), 1)
    assert target.read_bytes() == b"kept"  # a failed run leaves the output as it was


def test_a_row_longer_than_the_header_keeps_its_cells_and_is_told():
    table = b"id,place\n1,Kiev\n2,Kharkov,extra,cells\n" + b"3,Lvov,x\n" * 12
    r = run("csv", "-", "--column", "place", input=table)
    assert r.returncode == 0
    lines = r.stdout.split(b"\n")
    assert lines[2].startswith(b"2,Kharkov,extra,cells,resolved,")  # every cell read is kept
    told = r.stderr.decode().splitlines()
    assert told[0] == ("toponorm: stdin:3: 4 fields, the header has 2: the appended fields "
                       "follow all of them")
    assert len(told) == 10 and told[-1].endswith("(further such rows are not told)")


def test_a_cell_too_big_to_read_stops_the_table_after_writing_the_rows_before(tmp_path):
    from toponorm.cli_table import CELL_MAX
    path = tmp_path / "huge.csv"
    path.write_bytes(b"place,o\nKiev,a\n\"" + b"x" * (CELL_MAX + 10) + b"\",x\nLviv,y\n")
    r = run("csv", "--column", "place", path)
    err = one_error_line(r, 1)
    assert ":3: a cell longer than" in err and "rows before it were written" in err
    rows = _table(r.stdout)
    assert [(row["place"], row["toponorm_name"]) for row in rows] == [("Kiev", "Kyiv")]
