"""Score triage on a case file and print its figures.

    python benchmarks/accuracy.py [CASES.jsonl ...] [--errors] [--by-voice]

Each line of the case file is {"text": ..., "level": ..., "items": [...]}. Printed:
act-now sensitivity (urgent or emergency cases answered urgent or emergency),
emergency recall, false-alarm rate (routine or none cases answered urgent or
emergency), level accuracy and item recall (expected leaflet items found).
With several files, the figures are for all of them together; --by-voice adds a
line per "voice" field (caregiver, dictation, ...).
"""

import argparse
import json
import sys
from pathlib import Path

import triage

ACT_NOW = {"urgent", "emergency"}
DEFAULT_CASES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev-cases.jsonl"


def score(bot, cases):
    answers = bot.assess_many([case["text"] for case in cases])
    act_now = emergency = quiet = 0
    act_now_hit = emergency_hit = false_alarm = level_hit = 0
    items_expected = items_found = 0
    errors = []
    for case, answer in zip(cases, answers):
        got = answer.level.value
        found = {f.item for f in answer.counted}
        expected_items = set(case.get("items", []))
        missing = expected_items - found
        if case["level"] in ACT_NOW:
            act_now += 1
            act_now_hit += got in ACT_NOW
        else:
            quiet += 1
            false_alarm += got in ACT_NOW
        if case["level"] == "emergency":
            emergency += 1
            emergency_hit += got == "emergency"
        level_hit += got == case["level"]
        items_expected += len(expected_items)
        items_found += len(expected_items - missing)
        if got != case["level"] or missing:
            errors.append((case, got, sorted(found), sorted(missing)))
    figures = {
        "cases": len(cases),
        "act_now_sensitivity": act_now_hit / act_now if act_now else 1.0,
        "emergency_recall": emergency_hit / emergency if emergency else 1.0,
        "false_alarm_rate": false_alarm / quiet if quiet else 0.0,
        "level_accuracy": level_hit / len(cases) if cases else 1.0,
        "item_recall": items_found / items_expected if items_expected else 1.0,
    }
    return figures, errors


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", default=[str(DEFAULT_CASES)], help="JSONL case files")
    parser.add_argument("--errors", action="store_true", help="also list the cases answered wrongly")
    parser.add_argument("--by-voice", action="store_true", help="also a line of figures per voice")
    args = parser.parse_args(argv)
    cases = []
    for name in args.cases:
        path = Path(name)
        if not path.is_file():
            sys.exit(f"accuracy: no case file at {path}")
        cases += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bot = triage.load()
    figures, errors = score(bot, cases)
    for name, value in figures.items():
        print(f"{name:22s} {value:.3f}" if isinstance(value, float) else f"{name:22s} {value}")
    if args.by_voice:
        voices = sorted({case.get("voice", "") for case in cases})
        print(f"\n{'voice':16s} {'cases':>5s} {'act-now':>8s} {'emerg.':>7s} {'false al.':>9s} {'level':>6s} {'items':>6s}")
        for voice in voices:
            some, _ = score(bot, [case for case in cases if case.get("voice", "") == voice])
            print(f"{voice or '-':16s} {some['cases']:5d} {some['act_now_sensitivity']:8.3f} {some['emergency_recall']:7.3f}"
                  f" {some['false_alarm_rate']:9.3f} {some['level_accuracy']:6.3f} {some['item_recall']:6.3f}")
    if args.errors:
        for case, got, found, missing in errors:
            print(f"\n[{case['level']} -> {got}] {case['text']}\n   found: {found}\n   missing: {missing}")


if __name__ == "__main__":
    main()
