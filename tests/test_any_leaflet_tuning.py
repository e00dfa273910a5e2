"""Floors of the later blind sets (issue 10): leaflets the lexicon was not written for.

Each set was written blind (tests/cases/leaflets/BRIEF-*.md): six new leaflets, 12 lay messages
per leaflet. Their first runs are in the commit messages and the README; the floors below are
the figures after the general fixes made on them, so that none of those fixes is lost. Kept apart
from tests/test_any_leaflet.py so that the floor tests run side by side.
"""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OTHERS = ROOT / "tests" / "leaflets" / "others"
CASES = ROOT / "tests" / "cases" / "leaflets"

# (case files, cases, floors: act-now, emergency, soon, false alarms at most, level, items)
FLOORS = [
    (("tune4", "tune5", "tune6", "tune7"), 288, (0.98, 0.97, 0.95, 0.09, 0.91, 0.91)),
    # this session's: three tuning sets, a final set sealed from its start and one written at its end
    (("tune8", "tune9", "tune10", "final6", "final7"), 360, (0.97, 0.97, 0.88, 0.10, 0.88, 0.89)),
    # the next round's tuning set (its final set is scored once, outside the repo, until the round ends)
    (("tune13", "tune14"), 144, (1.0, 1.0, 0.94, 0.06, 0.91, 0.90)),
    # the round's final set, sealed from its start: first run 0.955/1.000/1.000/0.103/0.861/0.848, fixed on after
    (("final9",), 144, (0.98, 1.0, 1.0, 0.09, 0.88, 0.85)),
    # and the one written late, against the finished code: first run 0.971/0.889/1.000/0.108/0.875/0.901
    (("final10",), 72, (1.0, 1.0, 1.0, 0.11, 0.91, 0.92)),
]


@pytest.mark.parametrize("names, count, floors", FLOORS, ids=[names[0] for names, _c, _f in FLOORS])
def test_any_leaflet_later_blind_sets_keep_their_floor(names, count, floors):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from accuracy import Bots, score

    cases = [json.loads(line) for name in names
             for line in (CASES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    figures, _errors = score(Bots(OTHERS), cases)
    act_now, emergency, soon, false_alarms, level, items = floors
    assert len(cases) == count
    assert figures["act_now_sensitivity"] >= act_now
    assert figures["emergency_recall"] >= emergency
    assert figures["soon_recall"] >= soon
    assert figures["false_alarm_rate"] <= false_alarms
    assert figures["level_accuracy"] >= level
    assert figures["item_recall"] >= items
