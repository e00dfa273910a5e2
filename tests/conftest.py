"""Shared fixtures: one loaded pipeline for the whole session (loading takes about a second)."""

import json
from pathlib import Path

import pytest

import triage

CASES = Path(__file__).parent / "cases"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def bot():
    return triage.load()


@pytest.fixture(autouse=True)
def _no_terminal_size_in_the_environment(monkeypatch):
    """Answers are wrapped only where a test asks for it (width=..., COLUMNS in a child's env): a
    COLUMNS or LINES left in the environment would wrap them all. GNU readline, once imported,
    sets both in pytest's process, and pytest-xdist's workers start with them."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


def read_cases(name: str) -> list[dict]:
    """Cases from tests/cases/NAME (JSON lines)."""
    path = CASES / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
