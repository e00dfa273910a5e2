"""Floors of the later blind tuning sets (issue 10): 24 more leaflets the lexicon was not written for.

tune4 to tune7 were written blind (tests/cases/leaflets/BRIEF-tune*.md): six new leaflets
each, 12 lay messages per leaflet. Their first runs are in the commit messages and the README; the
floors below are the figures after the general fixes made on them, so that none of those fixes is
lost. Kept apart from tests/test_any_leaflet.py so that the two floor tests run side by side.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OTHERS = ROOT / "tests" / "leaflets" / "others"
CASES = ROOT / "tests" / "cases" / "leaflets"


def test_any_leaflet_later_blind_sets_keep_their_floor():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from accuracy import Bots, score

    cases = [json.loads(line) for name in ("tune4.jsonl", "tune5.jsonl", "tune6.jsonl", "tune7.jsonl")
             for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line]
    figures, _errors = score(Bots(OTHERS), cases)
    assert len(cases) == 288
    assert figures["act_now_sensitivity"] >= 0.98
    assert figures["emergency_recall"] >= 0.97
    assert figures["soon_recall"] >= 0.95
    assert figures["false_alarm_rate"] <= 0.09
    assert figures["level_accuracy"] >= 0.91
    assert figures["item_recall"] >= 0.91
