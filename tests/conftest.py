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


def read_cases(name: str) -> list[dict]:
    """Cases from tests/cases/NAME (JSON lines)."""
    path = CASES / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
