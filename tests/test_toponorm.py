"""The Toponorm object: settings, caches it owns, pickling, threads, and decision records."""

from __future__ import annotations

import pickle
import threading

import pytest

import toponorm
from toponorm import Decision, InputTypeError, InputValueError, Reason, Settings, Toponorm
from toponorm.match import analyse as analyse_module


def test_module_functions_are_the_default_instance():
    assert toponorm.resolve("Baghmud") == toponorm.default().resolve("Baghmud")
    assert toponorm.default() is toponorm.default()


def test_settings_are_frozen_and_checked():
    s = Settings(score_cutoff=85)
    assert s.score_cutoff == 85.0 and s.about_ukraine is None
    with pytest.raises(AttributeError):
        s.score_cutoff = 70  # type: ignore[misc]
    with pytest.raises(InputValueError, match="score_cutoff"):
        Settings(score_cutoff=101)
    with pytest.raises(InputTypeError, match="about_ukraine"):
        Settings(about_ukraine=1)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="Settings"):
        Toponorm({"score_cutoff": 80})  # type: ignore[arg-type]
    assert s.replace(score_cutoff=70).score_cutoff == 70.0


def test_the_cutoff_setting_is_used():
    # a garble that resolves at the default cutoff abstains under a strict one
    assert Toponorm().resolve("Baghmud") is not None
    strict = Toponorm(Settings(score_cutoff=99))
    assert strict.resolve("Baghmud") is None
    assert strict.resolve("Bakhmut").name == "Bakhmut"  # an exact form at any cutoff


def test_the_about_ukraine_setting_is_used():
    text = "Shelling near Baghmud."
    assert Toponorm().find(text) == []  # nothing says the text is about Ukraine
    assert [m.place.name for m in Toponorm(Settings(about_ukraine=True)).find(text)] == \
        ["Bakhmut"]


def test_it_pickles_as_its_settings_and_works_after():
    tn = Toponorm(Settings(score_cutoff=85)).preload()
    tn.resolve("Kiev")
    copy = pickle.loads(pickle.dumps(tn))
    assert copy.settings == tn.settings
    assert copy.resolve("Gerson").id == tn.resolve("Gerson").id
    assert len(pickle.dumps(tn)) < 1000  # no caches, no data


def test_threads_share_one_instance_and_agree():
    tn = Toponorm()
    names = ["Baghmud", "Kiev", "Gershon", "Lyciansansk", "Kostyandinivka", "Zaporozhye"] * 20
    want = [None if (m := Toponorm().resolve(n)) is None else m.id for n in names]
    got: list[list[str | None]] = []

    def work() -> None:
        got.append([None if (m := tn.resolve(n)) is None else m.id for n in names])

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [want] * 6


def test_a_decision_is_a_record_with_typed_reasons():
    tn = Toponorm()
    d = tn.decide("Baghmud")
    assert isinstance(d, Decision) and d.match is not None and d.reasons == ()
    assert d.match.name == "Bakhmut" and not d.match.exact
    assert all(m.id != d.match.id for m in d.runners_up())
    assert tn.decide("Kyiv").match.exact
    no = tn.decide("Strike")
    assert no.match is None and [r.code for r in no.reasons] == ["common-word"]
    assert all(isinstance(r, Reason) and r.code in Reason.CODES for r in no.reasons)
    assert no.explain() == tn.explain_abstention("Strike")
    abroad = tn.decide("Odessa, Texas")
    assert abroad.match is None and abroad.reasons[0].code == "abroad"
    amb = tn.decide("Pidlissiaa")
    assert amb.reasons[0].code == "ambiguous"


def test_resolve_candidates_and_explain_score_a_query_once(monkeypatch):
    calls = []
    real = analyse_module.analyse

    def counting(gaz, name, cutoff=80.0):
        calls.append(name)
        return real(gaz, name, cutoff)

    monkeypatch.setattr("toponorm.api.analyse", counting)
    full = []
    real_full = analyse_module.Evidence.full

    def counting_full(self):
        if self._full is None:
            full.append(self.query)
        return real_full(self)

    monkeypatch.setattr(analyse_module.Evidence, "full", counting_full)
    tn = Toponorm()
    tn.resolve("Bakmut")
    tn.candidates("Bakmut", limit=5)
    tn.explain_abstention("Bakmut")
    tn.candidates("Bakmut", limit=3)
    assert calls == ["Bakmut"] and full == ["Bakmut"]


def test_units_carry_their_parents():
    unit = Toponorm().resolve("Bakhmut").unit
    assert unit.oblast.english_name == "Donetsk Oblast"
    assert unit.raion.kind == "raion" and unit.hromada.kind == "hromada"
    assert [p.id for p in unit.parents] == [unit.oblast_id, unit.raion_id, unit.hromada_id]
    assert pickle.loads(pickle.dumps(unit)) == unit
