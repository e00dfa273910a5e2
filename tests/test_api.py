"""The library as a Python user meets it: JSON round trip, repr, help(), type hints (issue 12)."""

import json
import pydoc
import subprocess
import sys
from pathlib import Path

import pytest

import triage
from triage import Assessment, Finding, Level
from triage.render import to_json

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text", [
    "no fever but my gums bleed",                            # counted and not counted
    "crushing chest pain and my left arm is numb",          # rules, the FDA's reasons
    "my wife is having a seizure",                           # the safety net, a caregiver's note
    "I've been itchy, should it go in the fridge?",          # a question beside a symptom
    "can it give me a rash?",                                # a side effect asked about
    "there's a crushing chess pain",                         # a correction
    "hi",
])
def test_api_an_assessment_survives_a_json_round_trip(bot, text):
    answer = bot.assess(text)
    data = json.loads(to_json(answer))
    again = Assessment.from_dict(data)
    assert again.to_dict() == answer.to_dict() == data
    assert again.level is answer.level and isinstance(again.level, Level)
    assert [f.item for f in again.counted] == [f.item for f in answer.counted]
    assert [f.item for f in again.not_counted] == [f.item for f in answer.not_counted]


def test_api_counted_and_not_counted_mean_what_json_means(bot):
    answer = bot.assess("no fever but my gums bleed")
    data = answer.to_dict()
    assert [f["item"] for f in data["findings"]] == [f.item for f in answer.counted] == ["bleeding gums"]
    assert [f["item"] for f in data["not_counted"]] == [f.item for f in answer.not_counted] == ["fever"]


def test_api_findings_are_what_json_calls_findings(bot):
    """`findings` holds only what set the level, as JSON "findings" does; the rest is `not_counted`."""
    answer = bot.assess("no fever but my gums bleed")
    assert [f.item for f in answer.findings] == ["bleeding gums"] and all(f.counted for f in answer.findings)
    assert [f.item for f in answer.not_counted] == ["fever"] and not any(f.counted for f in answer.not_counted)
    assert answer.heard == answer.findings + answer.not_counted
    assert bot.assess("my dad had a stroke").findings == ()


def test_api_repr_says_what_was_found(bot):
    answer = bot.assess("no fever but my gums bleed")
    assert repr(answer) == ("Assessment(level='urgent', counted=('bleeding gums',), not_counted=('fever',), "
                            "text='no fever but my gums bleed')")
    assert repr(answer.counted[0]) == "Finding('bleeding gums', level='urgent', matched=('gums', 'bleed'))"
    assert "flags=('negated',)" in repr(answer.not_counted[0])
    assert len(repr(bot.assess("my gums bleed " * 40))) < 200  # a long message is cut short


def test_api_help_shows_the_docstrings():
    module = pydoc.render_doc(triage, renderer=pydoc.plaintext)
    assert "bot.assess(" in module and "load(" in module and "KnowledgeError" in module
    assessment = pydoc.render_doc(Assessment, renderer=pydoc.plaintext)
    assert "from_dict" in assessment and "what set the level" in assessment and "not_counted" in assessment
    assert "counted:   False when" in pydoc.render_doc(Finding, renderer=pydoc.plaintext)


def test_api_the_public_api_passes_mypy_strict():
    """mypy is in the `test` extra: this test fails, never skips, when the hints are wrong or mypy is missing."""
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                           "--cache-dir=/dev/null", "triage/__init__.py", "triage/types.py"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout


def test_api_mypy_strict_can_fail(tmp_path):
    """The check above is a real one: an untyped public function is an error under --strict."""
    (tmp_path / "bad.py").write_text("def load(leaflet):\n    return leaflet\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir=/dev/null", "bad.py"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 1 and "no-untyped-def" in done.stdout
