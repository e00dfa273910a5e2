"""Score triage on usage-question case files written blind, and print the figures.

    python benchmarks/questions.py CASES.jsonl [...] [--errors] [--by-voice]

Each line: {"text", "voice", "section", "must_say": [phrases], "in_leaflet": bool, "level", "items"}
(the brief is in tests/cases/questions-blind/BRIEF.md). Printed:
- key fact: a question the leaflet answers gets an answer whose text or quote holds one of the
  `must_say` phrases (copied from the leaflet by the writer, who never saw questions.yaml); a
  question it does not answer gets "the leaflet does not say" or no answer, never a made-up one;
- raised: pure questions (level "none") answered with any level at all; a question never
  raises the level;
- level accuracy on the messages that also describe a symptom.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import triage


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def key_fact(case: dict, answer) -> bool:
    """True when the answer says what the writer expected a pharmacist to say: its headline,
    advice (with the leaflet's sentences), the question answers and their quotes, and the findings,
    as `triage ask --verbose` and JSON give them (the short terminal answer may leave quotes out).
    A question the leaflet does not answer must get "the leaflet does not say" or no answer,
    never a made-up one."""
    if not case["in_leaflet"]:
        answered = [q for q in answer.questions if q.answered]
        return not answered or any(not q.answered for q in answer.questions)
    data = answer.to_dict()
    parts = [data["headline"], data["advice"]]
    parts += [f"{q['answer']} {q['quote']}" for q in data.get("questions", [])]
    parts += [f"{f['item']} {' '.join(f.get('why', []))}" for f in data.get("findings", [])]
    said = squash(" ".join(parts))
    return any(squash(phrase) in said for phrase in case["must_say"])


def score(bot, cases: list[dict]) -> dict:
    answers = bot.assess_many([case["text"] for case in cases])
    rows = []
    for case, answer in zip(cases, answers):
        pure = case["level"] == "none"
        rows.append({
            "case": case, "answer": answer, "fact": key_fact(case, answer),
            "raised": pure and answer.level.value != "none",
            "level_ok": answer.level.value == case["level"],
        })
    return {"rows": rows}


def figures(rows: list[dict]) -> str:
    pure = [r for r in rows if r["case"]["level"] == "none"]
    mixed = [r for r in rows if r["case"]["level"] != "none"]
    facts = sum(r["fact"] for r in rows)
    text = f"key fact {facts}/{len(rows)} = {facts / len(rows):.3f}"
    text += f"; pure questions raised {sum(r['raised'] for r in pure)}/{len(pure)}"
    if mixed:
        text += f"; level right with a symptom {sum(r['level_ok'] for r in mixed)}/{len(mixed)}"
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="+", type=Path)
    parser.add_argument("--errors", action="store_true", help="print every case that missed")
    parser.add_argument("--by-voice", action="store_true", help="a line per voice")
    args = parser.parse_args(argv)
    cases = [json.loads(line) for path in args.cases for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    rows = score(triage.load(), cases)["rows"]
    print(f"{len(rows)} cases: {figures(rows)}")
    if args.by_voice:
        for voice, _count in sorted(Counter(r["case"].get("voice", "") for r in rows).items()):
            print(f"  {voice}: {figures([r for r in rows if r['case'].get('voice', '') == voice])}")
    if args.errors:
        for r in rows:
            if not r["fact"] or r["raised"] or not r["level_ok"]:
                case, answer = r["case"], r["answer"]
                got = [(q.topic, q.answered) for q in answer.questions]
                why = ("FACT " if not r["fact"] else "") + ("RAISED " if r["raised"] else "") + (
                    "LEVEL " if not r["level_ok"] else "")
                print(f"- {why}{case['text']!r}\n    section {case['section']}, must say {case['must_say']}, "
                      f"expected level {case['level']}; got {answer.level.value}, topics {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
