"""Usage questions written blind (tests/cases/questions-blind, issue 13): the key fact, and never a raised level.

The writers never saw questions.yaml or the code; each case names phrases copied from the
leaflet that a pharmacist's answer would hold (benchmarks/questions.py scores the same way).
The first runs, before any fix made on a set, are in the README and the issue's closing note.
"""

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent
BLIND = HERE / "cases" / "questions-blind"
SPEC = importlib.util.spec_from_file_location("question_scores", HERE.parent / "benchmarks" / "questions.py")
scores = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(scores)

# the share of each set whose answer holds its key fact, now: tuned on every set but final4, whose
# figure is its first run (the honest estimate for new questions)
FLOORS = {"set1a": 0.97, "set1b": 0.98, "final": 0.97, "final2": 0.96, "final3": 0.94, "final4": 0.91,
          "set5": 0.97, "final5": 0.88, "final6": 0.94, "final7": 0.94, "tune9": 0.94, "tune10": 0.96, "final8": 0.96, "final9": 0.90}

# later tuning sets, held to their key fact only: their level cases (tune11: 2 of 23 wrong, and one pure
# question raised by a sunbed question's "so pale"; tune12: 1 of 23) are the lexicon's and code's to fix
# tune13: 149 of 150 after tuning (first run 138); its miss, "if my pee turns dark", names no leaflet item
# tune14: 148 of 150 after tuning (first run 138); its misses: "is hair loss a side effect?" names no leaflet item
# yet gets the general side-effect answer (the leaflet does not say: the code's to tell), and "skin is totally
# clear now, do I just stop using it?" gets the stopping topic's "does not say" and "only as directed", as the
# dev set (questions.jsonl) holds, where the writer wanted the dosing answer's "unless your doctor tells you"
# final12: the round's final set, sealed from its start, held to its first run (0.933, 2 of 127 raised: "got some in my
# eye, it stings a bit" and "is it normal for it to sting where I put it?", each a sting said, and counted)
# final13: written late against the finished code, first run 0.933 and 4 of 127 raised; now 0.94 and 3 (a hot tent
# asked about, cold sores had "before", a sting "when I put it on")
KEY_FACT_FLOORS = {"tune11": 0.99, "tune12": 0.99, "tune13": 0.99, "tune14": 0.98, "final12": 0.93, "final13": 0.94}
# the most pure questions a tuning set may answer with a level (tune13: a past DVT asked about, left to the lexicon;
# tune14: white patches on the lips read as urgent, and a sister's pus bumps around leg hairs, left to the lexicon)
RAISED_CEILINGS = {"tune13": 1, "tune14": 2, "final12": 2, "final13": 3}

# pure questions (labelled "none") that are answered with a level, each with its reason
KNOWN_RAISED = {
    # the fifth fresh set (final5), first run
    "my wife has the same rash as me on her hands can she just borrow some of my opposite lure a cream":
        "'the same rash as me' says the writer has a rash: counted, though the writer labelled the message a question",
    "been 2 weeks and still itchy, is this stuff even working":
        "an itch said to go on ('still itchy') counts, though it may be the condition being treated",
    "Me mam says I shouldn't put it on me bits, is that right? The rash is down there like.":
        "the rash is said to be there: counted, though the writer labelled the message a question",
    "does this stuff make acne worse? i already break out on my chin":
        "a breakout said to be happening counts, though the writer labelled the message a question",
    "what happens if I get some in my I rubbed my eye right after putting it on and it stings":
        "an eye that stings now counts, though the writer labelled the message a question",
    "I'm a nurse on a ward full of flu and covid patients this winter. Started the cream two weeks ago for eczema on "
    "my arms. A colleague said it can lower your immunity. Is that true, and should I be doing anything differently "
    "at work?": "the patients' flu, named before them, is read as the writer's",
    "Will my Medicare drug plan pay for this? The pharmacy quoted me a frightful price and I nearly fell over.":
        "an idiom said after its cause ('nearly fell over' at a price) is read as a fall",
    # tune9 (150, written to probe questions that name a symptom), after its first run
    "Years ago I had a bad reaction to a tacrolimus ointment, my face swelled right up. Should I mention that before "
    "I start this one?": "'years ago' reaches 8 words: the face swelling after the comma counts (emergency, on the "
    "safe side: a reach over the whole sentence would also hide 'years ago I had eczema, and now my face swelled')",
    # final8 (150, the last fresh set), after its first run
    "It is very itchy today. I can put more cream than normal, yes?":
        "the reason (more cream for the itch) comes in the sentence after the itch; an explanation is read only in "
        "the symptom's sentence or the one before, so that a later bump never explains away bleeding gums",
    # final4, first run (not tuned on)
    "Last night I was so wiped out that I put the cream on twice: did my evening one, forgot I'd done it, and did it "
    "again before bed. It's only a thin layer on a small patch on my wrist. Is that dangerous?":
        "'so wiped out' last night, said as the reason for a double dose, is read as unusual tiredness",
    "I shave my legs every morning and nick myself constantly, plus I'm a line cook handling knives all shift. My "
    "pharmacist said something about being careful with sharp things while on this cream. What was that about?":
        "everyday nicks from shaving, said as a habit, are read as a cut or bleeding",
}


def read(name: str) -> list[dict]:
    return [json.loads(line) for line in (BLIND / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def rows(bot):
    return {name: scores.score(bot, read(name))["rows"] for name in FLOORS}


@pytest.mark.parametrize("name", FLOORS)
def test_questions_blind_answers_hold_the_key_fact(rows, name):
    found = sum(r["fact"] for r in rows[name])
    missed = [r["case"]["text"] for r in rows[name] if not r["fact"]]
    assert found / len(rows[name]) >= FLOORS[name], missed


@pytest.mark.parametrize("name", KEY_FACT_FLOORS)
def test_questions_blind_tuning_sets_hold_the_key_fact(bot, name):
    rows = scores.score(bot, read(name))["rows"]
    missed = [r["case"]["text"] for r in rows if not r["fact"]]
    assert sum(r["fact"] for r in rows) / len(rows) >= KEY_FACT_FLOORS[name], missed


@pytest.mark.parametrize("name", RAISED_CEILINGS)
def test_questions_blind_tuning_sets_raise_few_pure_questions(bot, name):
    rows = scores.score(bot, read(name))["rows"]
    raised = [r["case"]["text"] for r in rows if r["raised"]]
    assert len(raised) <= RAISED_CEILINGS[name], raised


def test_questions_blind_a_question_alone_never_raises_the_level_but_for_known_gaps(rows):
    raised = {r["case"]["text"] for name in FLOORS for r in rows[name] if r["raised"]}
    assert raised - set(KNOWN_RAISED) == set(), "a question now raises the level"
    assert set(KNOWN_RAISED) - raised == set(), "fixed: take it off KNOWN_RAISED"


def test_questions_blind_a_symptom_beside_a_question_keeps_its_level(rows):
    mixed = [r for name in FLOORS for r in rows[name] if r["case"]["level"] != "none"]
    wrong = [(r["case"]["text"], r["case"]["level"], r["answer"].level.value) for r in mixed if not r["level_ok"]]
    # known: an emoji read as nausea, a sore throat beside swollen glands read as throat swelling,
    # fainting read as an emergency (over-triage), and pinpoint red spots read as the application-site
    # reaction (the concept that overrides it: under-triage, left as a known gap)
    assert len(mixed) >= 70 and len(wrong) <= 4, wrong
    assert all(got != "none" for _text, _want, got in wrong)  # never falsely reassured


def test_questions_blind_sets_were_written_to_the_brief():
    brief = (BLIND / "BRIEF.md").read_text(encoding="utf-8")
    assert "do NOT open anything under /work/main" in brief
    for name in [*FLOORS, *KEY_FACT_FLOORS]:
        for case in read(name):
            assert set(case) == {"text", "voice", "section", "must_say", "in_leaflet", "level", "items"}
            assert case["in_leaflet"] == bool(case["must_say"])
