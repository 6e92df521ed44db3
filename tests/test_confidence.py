"""Match.confidence: a probability from the shipped logistic model (match/confidence.py),
reproducible from benchmarks/fit_confidence.py, and a clear error when its file is damaged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import toponorm
from toponorm.match import confidence as model

ROOT = Path(__file__).resolve().parent.parent


def test_every_answer_carries_a_probability():
    for name in ("Kyiv", "Baghmud", "Volodymyrivka", "Lisiான்ansk", "Kharkov"):
        m = toponorm.resolve(name)
        assert m is not None and m.confidence is not None and 0.0 <= m.confidence <= 1.0
    top = toponorm.candidates("Baghmud", limit=1)[0]
    assert top.confidence == toponorm.resolve("Baghmud").confidence


def test_doubt_lowers_it():
    unique_city = toponorm.resolve("Zhytomyr")
    many_namesakes = toponorm.resolve("Volodymyrivka")
    assert unique_city.confidence > 0.9 > 0.3 > many_namesakes.confidence
    # naming the raion leaves one Volodymyrivka there: the same name becomes likely right
    soledar = toponorm.resolve("Soledar")
    placed = toponorm.resolve("Volodymyrivka", raion=soledar.raion, hromada=soledar.hromada)
    assert placed is not None and placed.confidence > many_namesakes.confidence + 0.4


def test_an_admin_unit_written_out_is_likely_right():
    # oblasts, raions and hromadas as tables write them: once 0.1, as no admin answer was fitted
    for name in ("Donetsk oblast", "Kharkiv region", "Bakhmut district", "Volnovaskyi raion"):
        m = toponorm.resolve(name)
        assert m is not None and m.kind in ("oblast", "raion") and m.confidence > 0.9, name
    # a hromada name three oblasts share is no sure unit
    shared = toponorm.resolve("Lymanska hromada")
    assert shared is not None and shared.namesakes >= 1 and shared.confidence < 0.6


def test_the_model_file_names_every_feature():
    data = json.loads((ROOT / "toponorm" / "data" / "confidence.json").read_text("utf-8"))
    assert list(data["coefficients"]) == list(model.FEATURES)
    assert len(model.features(toponorm.default().gazetteer,
                              toponorm.default().decide("Kyiv"))) == len(model.FEATURES)


def test_the_calibration_curve_is_increasing_and_never_certain():
    steps = model.load(ROOT / "toponorm" / "data" / "confidence.json").calibration
    assert len(steps) >= 5 and steps[-1][0] == 1.0
    assert steps == sorted(steps) and [y for _, y in steps] == sorted(y for _, y in steps)
    assert max(y for _, y in steps) <= 0.999
    probabilities = [i / 1000 for i in range(1001)]
    mapped = [model.calibrated(p, steps) for p in probabilities]
    assert mapped == sorted(mapped)  # a surer model answer is never a less sure confidence
    # each step's own share is what a probability inside it gets
    (x0, y0), (x1, y1) = steps[0], steps[1]
    assert model.calibrated(x0, steps) == y0 and model.calibrated((x0 + x1) / 2, steps) == y1
    assert model.calibrated(0.5, []) == 0.5  # no curve: the model's own probability


def _model_file(coefficients: str, calibration: str) -> str:
    return f'{{"coefficients": {coefficients}, "calibration": {calibration}}}'


_COEFFICIENTS = json.dumps({f: 0.0 for f in model.FEATURES})


@pytest.mark.parametrize("content", [
    "", "{}", '{"coefficients": {"bias": "x"}}', '{"coefficients": {"bias": NaN}}',
    _model_file(_COEFFICIENTS, "[[0.5, 0.4], [0.2, 0.9]]"),  # not in order
    _model_file(_COEFFICIENTS, "[[0.2, 0.9], [0.5, 0.4]]"),  # not increasing
    _model_file(_COEFFICIENTS, "[[0.5, 1.4]]"),  # not a probability
    _model_file(_COEFFICIENTS, "[[0.5]]")])
def test_a_damaged_model_file_is_a_data_error(tmp_path, content):
    path = tmp_path / "confidence.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(toponorm.DataError, match="confidence model"):
        model.load(path)


@pytest.mark.skipif(not (ROOT / "benchmarks" / "fit_confidence.py").exists(),
                    reason="benchmarks/ is not beside the tests (an installed wheel only)")
def test_the_shipped_model_is_what_the_fit_script_makes():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fit_confidence.py"),
                        "--check"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
