"""Leaflet items matched from their own wording, where no lexicon concept covers them.

A leaflet of another medicine lists items the lexicon was never written for ("redness or
soreness of the gums", "hiccups"). Each such item is read as alternatives, each a finding and
a body site or noun ("redness" + "gums", "soreness" + "gums"), and becomes an entry of the
lexicon's engine: one pattern per alternative, each slot said the ways knowledge/wording.yaml
lists, so that "my gums are sore", "sore gums" and "the gums look red" all reach the item.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .knowledge_types import Concept, Leaflet, Lexicon, Wording

DERIVED_PREFIX = "wording:"  # concept ids made here; the item text follows
MAX_SLOTS = 2  # "dark yellow urine" is said by its first and last word; the rest qualify it


def derive(leaflet: Leaflet, lexicon: Lexicon, links: dict, wording: Wording,
           keep: frozenset = frozenset()) -> tuple[tuple[Concept, ...], dict]:
    """Entries for the items no concept covers, and the links with them (concept id -> item texts).

    An item that is one concept's own term once its qualifiers go is said that concept's ways
    ("mental depression": depression). Items of where the product was put ("itching at the application
    site", "swelling at the application site") are each their own entry when a leaflet has
    several, which the lexicon's one application-site concept cannot tell apart; such an entry
    overrides the lexicon's concepts on the same words ("itchy where I put the gel" is that
    item, not the leaflet's itching-all-over one), except the concepts in `keep`: the safety
    net's, whose emergencies no place hides ("my tongue is swelling after my shot").
    """
    readings = {item.text: read_item(item.text, wording) for item in leaflet.items}
    placed_items = Counter(placed for _alternatives, placed in readings.values() if placed)
    # a leaflet's only place item is where irritation there goes, unless it names no irritation ("temporary
    # darkening of the skin at the application site" is not a sting where it goes on)
    own = {text for text, (alternatives, placed) in readings.items()
           if placed and (placed_items[placed] > 1 or not any(w in wording.irritation for a in alternatives for w in a))}
    links = {cid: kept for cid, texts in links.items() if (kept := tuple(t for t in texts if t not in own))}
    concept_readings = _by_reading(lexicon, wording)  # read once, for both uses below
    links = _link_alternatives(leaflet, links, readings, concept_readings, wording)
    # a linked item is left to its concepts: the lexicon says its alternatives better than a
    # pattern made from words ("inability to move arms" is not any "can't" near "arms")
    linked = {text for texts in links.values() for text in texts}
    by_term: dict[str, list[Concept]] = {}
    for concept in lexicon.concepts:
        for term in concept.terms:
            by_term.setdefault(term, []).append(concept)
    # not the concepts already saying another item of this leaflet: their phrases would reach both
    # items (linking every alternative so was tried: more false alarms)
    by_reading = {key: kept for key, found in concept_readings.items()
                  if (kept := [concept for concept in found if concept.id not in links])}
    concepts, like_concepts, placed_ids = [], set(), set()
    for item in leaflet.items:
        if item.text in linked:
            continue
        alternatives, placed = readings[item.text]
        ways = wording.placed[placed][1] if placed else ((),)
        patterns, unless = [], []
        reuses = False
        for alternative in alternatives:
            # only an item that is one thing: "itching" of "burning or itching of the skin" is not every itch
            whole = len(alternatives) == 1 and not placed
            reused = by_term.get(" ".join(alternative), []) if whole else []
            if not reused and not placed:
                # "noises in the ears", "swelling of feet or lower legs": an alternative that reads
                # like a concept's term ("noise in the ears", "swelling of the feet") is said its ways
                reused = by_reading.get(_reading_key(alternative), [])
            patterns += [p for concept in reused for p in concept.patterns]
            unless += [u for concept in reused for u in concept.unless]
            reuses = reuses or bool(reused)
            if not reused:
                patterns += [tuple(_said(word, wording) for word in alternative) + way for way in ways]
        if not patterns:
            continue
        cid = DERIVED_PREFIX + item.text
        concepts.append(Concept(id=cid, terms=(), patterns=tuple(dict.fromkeys(patterns)), window=wording.window,
                                unless=tuple(dict.fromkeys(unless))))
        links[cid] = (item.text,)
        if reuses:
            like_concepts.add(cid)
        if placed:
            placed_ids.add(cid)
    # where the product was put beats the lexicon's concepts on the same words, and entries said
    # their ways ("generalized itching"); not another item's own words ("severe sunburn")
    beaten = tuple([c.id for c in lexicon.concepts if c.id not in keep] + sorted(like_concepts))
    return tuple(replace(c, overrides=beaten, covers_clause=True) if c.id in placed_ids else c for c in concepts), links


def _link_alternatives(leaflet: Leaflet, links: dict, readings: dict, by_reading: dict, wording: Wording) -> dict:
    """An item that names one finding at several sites, linked by one site's words, is also linked
    to the concepts its other sites read as: "swelling of the face, fingers, or lower legs" is linked
    to face swelling by its words, and so to swelling of the fingers and of the legs too. Not an item
    of several findings ("burning, crawling, itching ... feelings"): each is not that item alone."""
    linked = {text for texts in links.values() for text in texts}
    links = dict(links)
    for item in leaflet.items:
        alternatives, placed = readings[item.text]
        if (item.text not in linked or placed or len(alternatives) < 2
                or len({alternative[0] for alternative in alternatives}) > 1 or min(map(len, alternatives)) < 2
                or alternatives[0][0] in wording.sites):  # "skin rash, encrusted, scaly": one site, several findings
            continue
        for alternative in alternatives:
            for concept in by_reading.get(_reading_key(alternative), []):
                if item.text not in links.get(concept.id, ()):
                    links[concept.id] = links.get(concept.id, ()) + (item.text,)
    return links


def _by_reading(lexicon: Lexicon, wording: Wording) -> dict[tuple[str, ...], list[Concept]]:
    """The concepts by how their terms read (finding, site), singular: ("swelling", "foot") for
    "swelling of the feet"."""
    found: dict[tuple[str, ...], list[Concept]] = {}
    for concept in lexicon.concepts:
        keys = set()
        for term in concept.terms:
            alternatives, placed = read_item(term, wording)
            if len(alternatives) == 1 and not placed:
                keys.add(_reading_key(alternatives[0]))
        for key in keys:
            found.setdefault(key, []).append(concept)
    return found


def _reading_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words compared without number or order: "noises, ears" and "ear, noise" meet."""
    return tuple(sorted(_IRREGULAR.get(w, w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
                        for w in words))


_IRREGULAR = {"feet": "foot", "teeth": "tooth"}


def read_item(text: str, wording: Wording) -> tuple[list[tuple[str, ...]], str | None]:
    """The alternatives an item names, each as its few words (finding(s), then site or noun),
    and the key of `placed` when the item is where the product was put.

    "Redness or soreness of the gums" -> (redness, gums), (soreness, gums);
    "bloody or black, tarry stools" -> (bloody, stools), (black, stools), (tarry, stools);
    "chest pain or discomfort" -> (chest, pain), (chest, discomfort).
    """
    # "(severe)", "(continued)" qualify; commas separate alternatives
    text = " ".join(re.sub(r"[^\w,/]+", " ", re.sub(r"\([^)]*\)", " ", text.lower())).split())
    placed = None
    for key, (phrases, _said_ways) in wording.placed.items():
        for phrase in sorted(phrases, key=len, reverse=True):
            if f" {phrase} " in f" {text} ":
                text = f" {text} ".replace(f" {phrase} ", " ").strip()
                placed = key
                break
    found = []
    text = " ".join(_cut_tail(text.replace(",", " , ").split(), wording))
    # "difficulty with passing urine": after these words, "with" links a finding to its site
    if text.split(" with ")[0] in wording.with_links:
        text = text.replace(" with ", " of ", 1)
    # "thinning of the skin with easy bruising": what follows "with" is another finding
    for part in text.split(" with "):
        found += _read_part(part.split(), wording)
    # a body site alone is not a symptom ("feeling of something in the eye" is not any eye)
    found = [words for words in found if not all(w in wording.sites for w in words)]
    if placed:
        # where the product was put is the site: "redness of the skin at the application site" is
        # redness there; a word that is no site stays ("increased hair growth" is not any increase)
        found = [tuple(w for i, w in enumerate(words) if i == 0 or w not in wording.sites) for words in found]
    return found, placed


def _read_part(words: list[str], wording: Wording) -> list[tuple[str, ...]]:
    cut = next((i for i, w in enumerate(words) if w in wording.links and i > 0), len(words))
    heads = _alternatives(words[:cut], wording, share=True)
    if not heads and cut < len(words):  # "feeling of warmth": the carrier goes, the rest is read alone
        return _read_part(words[cut + 1:], wording)
    sites = _alternatives(words[cut + 1:], wording, share=False) if cut < len(words) else []
    found = []
    for head in heads:
        # "metallic taste in the mouth": a finding and its noun already say it
        for site in (sites if len(head) < 2 else []) or [()]:
            words_of = tuple(dict.fromkeys(head + site))
            found.append(words_of if len(words_of) <= MAX_SLOTS else (words_of[0], words_of[-1]))
    return found


def _cut_tail(words: list[str], wording: Wording) -> list[str]:
    joined = " ".join(words)
    for tail in wording.tails:
        at = f" {joined} ".find(f" {tail} ")
        if at > 0 and " " not in joined[:at - 1]:
            # a tail that would leave one word says what it is of: "pain during sexual intercourse" is
            # not every pain (read as "pain of intercourse")
            joined = f"{joined[:at - 1]} of {joined[at + len(tail):]}"
        elif at > 0:  # never the first word: a tail cannot leave nothing
            joined = joined[:at - 1]
    return joined.split()


def _alternatives(words: list[str], wording: Wording, *, share: bool) -> list[tuple[str, ...]]:
    """Coordinated alternatives: findings with the shared word given to each ("black, tarry
    stools"), or sites, each by its last word ("face, fingers, or lower legs": legs)."""
    parts, current = [], []
    for word in words:
        if word in (",", "or", "and", "/", "and/or"):
            if current:
                parts.append(current)
            current = []
        elif word not in wording.qualifiers and word not in wording.ignore and word not in wording.links:
            current.append(word)
    if current:
        parts.append(current)
    if not share:
        # "lung symptoms": the site is the last word that is not a carrier
        return [(kept[-1],) for part in parts if (kept := [w for w in part if w not in wording.carriers])]
    if len(parts) > 1:
        singles_first = all(len(p) == 1 for p in parts[:-1])
        singles_after = all(len(p) == 1 for p in parts[1:])
        if len(parts[-1]) > 1 and singles_first:  # "bloody or black, tarry stools": shared noun
            noun = parts[-1][-1]
            parts = [p + [noun] for p in parts[:-1]] + [parts[-1]]
        elif len(parts[0]) > 1 and singles_after:  # "chest pain or discomfort": shared site
            site = parts[0][:-1]
            parts = [parts[0]] + [site + p for p in parts[1:]]
    alternatives = []
    for part in parts:
        kept = tuple(w for w in part if w not in wording.carriers)
        if kept:
            alternatives.append(kept)
    return alternatives


def _said(word: str, wording: Wording) -> tuple[str, ...]:
    """The phrases that say one word of an item: the tables' ways, or the word and its forms."""
    if word in wording.findings:
        return wording.findings[word]
    if word in wording.sites:
        return wording.sites[word]
    forms = [word]
    for ending, everyday in wording.endings.items():
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms.append(word[: -len(ending)] + everyday)
            break
    return tuple(forms)
