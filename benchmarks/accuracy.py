"""Score triage on a case file and print its figures.

    python benchmarks/accuracy.py [CASES.jsonl ...] [--errors] [--by-voice] [--leaflets DIR]

Each line of the case file is {"text": ..., "level": ..., "items": [...]}. Printed:
act-now sensitivity (urgent or emergency cases answered urgent or emergency),
emergency recall, "soon" recall (soon cases answered soon or more urgent),
false-alarm rate (routine or none cases answered urgent or emergency), level
accuracy and item recall (expected leaflet items found). With several files, the
figures are for all of them together; --by-voice adds a line per "voice" field
(caregiver, dictation, ...). A case with a "leaflet" field is answered with that
leaflet: an installed one, or DIR/<leaflet>.txt imported as `triage import` would.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

import triage
from triage.knowledge import installed_leaflets
from triage.leaflet import parse_leaflet_text
from triage.leaflet_yaml import to_yaml

ACT_NOW = {"urgent", "emergency"}
SOON_OR_MORE = {"soon", "urgent", "emergency"}
DEFAULT_CASES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev-cases.jsonl"


class Bots:
    """One loaded Triage per leaflet a case names (the default one for cases naming none)."""

    def __init__(self, leaflets_dir: Path | None):
        self.leaflets_dir = leaflets_dir
        self.loaded = {}
        self.folder = tempfile.TemporaryDirectory()

    def __call__(self, leaflet: str | None):
        if leaflet not in self.loaded:
            self.loaded[leaflet] = triage.load(self._source(leaflet)) if leaflet else triage.load()
        return self.loaded[leaflet]

    def _source(self, leaflet: str) -> str:
        if leaflet in installed_leaflets():
            return leaflet
        if self.leaflets_dir is None or not (self.leaflets_dir / f"{leaflet}.txt").is_file():
            sys.exit(f"accuracy: leaflet {leaflet!r} is not installed; give --leaflets DIR holding {leaflet}.txt")
        text = (self.leaflets_dir / f"{leaflet}.txt").read_text(encoding="utf-8")
        out = Path(self.folder.name) / f"{leaflet}.yaml"
        out.write_text(to_yaml(parse_leaflet_text(text, name=leaflet)), encoding="utf-8")
        return str(out)


def answers_for(bots, cases):
    """Each case answered with its own leaflet, in the order of `cases`."""
    by_leaflet = {}
    for index, case in enumerate(cases):
        by_leaflet.setdefault(case.get("leaflet"), []).append(index)
    answers = [None] * len(cases)
    for leaflet, indexes in by_leaflet.items():
        for index, answer in zip(indexes, bots(leaflet).assess_many([cases[i]["text"] for i in indexes])):
            answers[index] = answer
    return answers


def score(bots, cases):
    if isinstance(bots, triage.Triage):
        bot = bots
        bots = lambda _leaflet: bot  # noqa: E731 - one leaflet for every case
    answers = answers_for(bots, cases)
    act_now = emergency = quiet = soon = 0
    act_now_hit = emergency_hit = false_alarm = level_hit = soon_hit = 0
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
        if case["level"] == "soon":
            soon += 1
            soon_hit += got in SOON_OR_MORE
        level_hit += got == case["level"]
        items_expected += len(expected_items)
        items_found += len(expected_items - missing)
        if got != case["level"] or missing:
            errors.append((case, got, sorted(found), sorted(missing)))
    figures = {
        "cases": len(cases),
        "act_now_sensitivity": act_now_hit / act_now if act_now else 1.0,
        "emergency_recall": emergency_hit / emergency if emergency else 1.0,
        "soon_recall": soon_hit / soon if soon else 1.0,
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
    parser.add_argument("--leaflets", type=Path, help="folder of leaflet texts that cases name by 'leaflet'")
    args = parser.parse_args(argv)
    cases = []
    for name in args.cases:
        path = Path(name)
        if not path.is_file():
            sys.exit(f"accuracy: no case file at {path}")
        cases += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bot = Bots(args.leaflets)
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
            where = f" ({case['leaflet']})" if case.get("leaflet") else ""
            print(f"\n[{case['level']} -> {got}]{where} {case['text']}\n   found: {found}\n   missing: {missing}")


if __name__ == "__main__":
    main()
