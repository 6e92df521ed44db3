"""Shared fixtures. The suite runs against whatever ``toponorm`` is importable: in CI, the
installed wheel, from a folder outside the repository (see .ci/run)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import toponorm

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEEDS = REPO / "seeds"


def pytest_report_header(config):
    return f"toponorm {toponorm.__version__} from {Path(toponorm.__file__).parent}"


def pytest_sessionstart(session):
    # CI's wheel run sets this: the tests must exercise the installed package, not the tree
    if os.environ.get("TOPONORM_EXPECT_INSTALLED") == "1":
        where = Path(toponorm.__file__).resolve()
        if REPO in where.parents:
            raise pytest.UsageError(f"expected the installed toponorm, got {where}")


@pytest.fixture(scope="session")
def gaz():
    from toponorm.store.gazetteer import shared_gazetteer as get_gazetteer

    return get_gazetteer()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
