"""`triage coverage`: how each item of a leaflet can be matched, so that whoever adds a leaflet
sees its gaps.

Each item is reached through the shared lexicon's concepts (linked by the item's wording), or
only through patterns made from its own words (triage/wording.py), or not at all. Examples of
lay phrasings are made from the entries' own phrases and kept only when assessing them really
reaches the item.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass, field

from .render import is_utf8
from .wording import DERIVED_PREFIX

EXAMPLES = 3  # lay phrasings shown per item
TRIED = 12  # phrasings tried per item to find them


@dataclass
class ItemCoverage:
    item: str
    tier: str
    level: str
    concepts: list[str] = field(default_factory=list)  # shared lexicon concepts that link to it
    own_wording: list[str] = field(default_factory=list)  # patterns made from its words, as "a|b + c|d"
    examples: list[str] = field(default_factory=list)  # phrasings checked to reach it

    @property
    def reached_by(self) -> str:
        if self.concepts:
            return "concepts"
        return "own wording" if self.own_wording else "nothing"


def add_arguments(parser) -> None:
    parser.add_argument("--leaflet", default=None, metavar="NAME",
                        help="an installed leaflet name or a path to a YAML file (default: ruxolitinib-topical)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args) -> int:
    import triage

    bot = triage.load(args.leaflet) if args.leaflet else triage.load()
    items = coverage(bot)
    if args.json:
        print(json.dumps({"leaflet": bot.leaflet, "items": [vars(i) | {"reached_by": i.reached_by} for i in items]},
                         indent=2, ensure_ascii=not is_utf8(sys.stdout)))
    else:
        print(render(bot.knowledge.leaflet.title, items))
    return 0


def coverage(bot) -> list[ItemCoverage]:
    """Every side-effect item of the bot's leaflet, with how it is matched and checked examples."""
    knowledge = bot.knowledge
    concepts = {c.id: c for c in knowledge.lexicon.concepts}
    found: dict[str, ItemCoverage] = {}
    for item in knowledge.leaflet.items:
        if item.tier not in knowledge.leaflet.tier_sentences:
            continue  # a Precautions-only warning sign: not a side-effect item
        found[item.text] = ItemCoverage(item.text, item.tier, item.level.value)
    tries: dict[str, list[str]] = {text: [] for text in found}
    for cid, texts in knowledge.links.items():
        concept = concepts.get(cid)
        if concept is None:
            continue
        for text in texts:
            if text not in found:
                continue
            if cid.startswith(DERIVED_PREFIX):
                readable = (" + ".join("|".join(slot[:3]) for slot in p) for p in concept.patterns)
                found[text].own_wording = list(dict.fromkeys(found[text].own_wording + list(readable)))
            else:
                found[text].concepts.append(cid)
            tries[text] += _phrasings(concept)
    _check_examples(bot, found, tries)
    return list(found.values())


def _phrasings(concept) -> list[str]:
    """A few things a person might write, from the entry's own phrases (first of each slot)."""
    said = []
    for pattern in concept.patterns:
        if len(pattern) == 1:
            said += list(pattern[0][:4])
        else:
            said += [" ".join(words) for words in itertools.islice(itertools.product(*(s[:2] for s in pattern)), 2)]
    return said


def _check_examples(bot, found: dict[str, ItemCoverage], tries: dict[str, list[str]]) -> None:
    asked = [(text, f"my {phrase}" if len(phrase.split()) == 1 else phrase)
             for text, phrases in tries.items() for phrase in dict.fromkeys(phrases[:TRIED])]
    answers = bot.assess_many([message for _text, message in asked])
    for (text, message), answer in zip(asked, answers):
        if len(found[text].examples) < EXAMPLES and text in {f.item for f in answer.counted}:
            found[text].examples.append(message)


def render(title: str, items: list[ItemCoverage]) -> str:
    lines = [f"Coverage of {title}: {len(items)} side-effect items", ""]
    for entry in items:
        lines.append(f"- {entry.item} [{entry.tier} -> {entry.level}]")
        if entry.concepts:
            lines.append(f"    shared concepts: {', '.join(c.replace('_', ' ') for c in entry.concepts)}")
        for pattern in entry.own_wording[:3]:
            lines.append(f"    own wording: {pattern}")
        if entry.examples:
            lines.append(f"    e.g. {'; '.join(repr(e) for e in entry.examples)}")
        else:
            lines.append("    no example phrasing reached it")
    own = [e.item for e in items if e.reached_by == "own wording"]
    none = [e.item for e in items if e.reached_by == "nothing"]
    unchecked = [e.item for e in items if not e.examples and e.reached_by != "nothing"]
    lines += ["", f"Reached through shared concepts: {len(items) - len(own) - len(none)} of {len(items)}.",
              f"Reached only by their own words ({len(own)}): add lexicon concepts or wording.yaml entries "
              "for their everyday ways of saying it:"]
    lines += [f"  - {text}" for text in own] or ["  (none)"]
    lines.append(f"Not reachable at all ({len(none)}):")
    lines += [f"  - {text}" for text in none] or ["  (none)"]
    if unchecked:
        lines.append(f"Linked, but no example phrasing reached them ({len(unchecked)}): check their wording.")
        lines += [f"  - {text}" for text in unchecked]
    return "\n".join(lines)

