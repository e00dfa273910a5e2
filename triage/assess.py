"""Concept matches -> assessment: leaflet items, levels, escalation rules, advice. Pure, no I/O."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .knowledge_types import Knowledge, hits_of
from .safety_net import net_findings, sign_of
from .types import Assessment, ConceptMatch, Finding, Level, most_urgent
from .wording import DERIVED_PREFIX


OVERDOSE = "overdose"  # the lexicon concept for too much used or swallowed, and the tier it makes an emergency
SEVERE = re.compile(r"\bsevere\b", re.IGNORECASE)  # an item that names the severe form ("diarrhea, watery and severe")
MILD = re.compile(r"\bmild\b", re.IGNORECASE)
COMMON_STEMS = {"sever", "which", "there", "their", "about", "other", "after", "befor", "while", "where", "somet",
                "feeli", "unusu", "conti"}


def assess(text: str, matches: list[ConceptMatch], knowledge: Knowledge) -> Assessment:
    findings = _findings(matches, knowledge)
    counted = [f for f in findings if f.counted]
    counted = apply_rules(counted, knowledge)
    net = net_findings(matches, counted + [f for f in findings if not f.counted], knowledge)
    counted += [f for f in net if f.counted]
    not_counted = [f for f in findings + [f for f in net if not f.counted]
                   if not f.counted and f.item not in {c.item for c in counted}]
    return answer(text, counted, not_counted, knowledge)


def answer(text: str, counted: list[Finding], not_counted: list[Finding], knowledge: Knowledge) -> Assessment:
    """The assessment of findings already levelled (rules applied): one message's, or a chat's
    findings taken together over several turns, explained the same way."""
    level = most_urgent(f.level for f in counted)
    return Assessment(
        text=text,
        level=level,
        headline=_headline(level, not_counted, knowledge),
        advice=tuple(_advice(level, counted, knowledge)),
        findings=tuple(sorted(counted, key=lambda f: -f.level.rank)),
        not_counted=tuple(not_counted),
        notes=tuple(_notes(counted, not_counted, knowledge)),
        safety=knowledge.levels.safety,
        leaflet=knowledge.leaflet.title,
    )


def _headline(level: Level, not_counted: list[Finding], knowledge: Knowledge) -> str:
    """The level's headline; with an urgent mention set aside, what was set aside and what to do
    if it is happening, so that a misread negation never reads as "nothing matches"."""
    levels = knowledge.levels
    headline = levels.by_level[level].headline
    set_aside = [f for f in not_counted if f.level.rank >= Level.URGENT.rank and f.level.rank > level.rank]
    if not set_aside:
        return headline
    top = most_urgent(f.level for f in set_aside)
    # name the leaflet's own items where there are any; a safety-net sign only on its own
    named = [f for f in set_aside if sign_of(f, knowledge) is None] or set_aside
    items = "; ".join(
        f"{f.item} ({' and '.join(levels.not_counted.get(flag, flag) for flag in f.flags)})" for f in named)
    first = levels.set_aside["none"].format(items=items) if level is Level.NONE else f"{headline} Set aside: {items}."
    return f"{first} {levels.set_aside['then'].format(headline=levels.by_level[top].headline)}"


def _findings(matches: list[ConceptMatch], knowledge: Knowledge) -> list[Finding]:
    """One finding per (leaflet item, counted or not), merging the words that matched it."""
    merged: dict[tuple[str, bool], Finding] = {}
    overdose = any(m.counted and m.concept == OVERDOSE for m in matches)
    for match in _said_more(matches):
        for item in _items(match, knowledge, overdose=overdose):
            why = [f"matched {', '.join(repr(w) for w in match.words)} as {_name(match.concept)}"]
            why += [f"read {typed!r} as {meant!r}" for typed, meant in match.corrections]
            modifiers = match.modifiers + ((OVERDOSE,) if overdose and item.tier == OVERDOSE else ())
            finding = Finding(
                item=item.text, level=_item_level(item, modifiers), matched=match.words, concept=match.concept,
                sentence=match.sentence, flags=match.flags, modifiers=modifiers,
                why=tuple(why), group=item.group, tier=item.tier, counted=match.counted,
            )
            key = (item.text, match.counted)
            old = merged.get(key)
            merged[key] = finding if old is None else replace(
                old,
                matched=_union(old.matched, finding.matched),
                flags=_union(old.flags, finding.flags),
                modifiers=_union(old.modifiers, finding.modifiers),
                why=_union(old.why, finding.why),
            )
    return _overdose_only_when_said(list(merged.values()), overdose)


def _overdose_only_when_said(findings: list[Finding], overdose: bool) -> list[Finding]:
    """Without words saying too much was used, an overdose item is not the reading of words
    that an ordinary item also reads ("tingly and prickly" is the tingling item, not the
    overdose's "feeling hot, cold, or numb")."""
    if overdose:
        return findings
    ordinary = set().union(*(set(f.matched) for f in findings if f.counted and f.tier != OVERDOSE))
    return [f for f in findings if not (f.counted and f.tier == OVERDOSE and set(f.matched) <= ordinary)]


def _said_more(matches: list[ConceptMatch]) -> list[ConceptMatch]:
    """Without a concept's match whose words an item's own wording says more fully ("breakouts
    worse" is the worsening of acne, not a rash). The safety net still reads every match."""
    def words(match: ConceptMatch) -> set:
        return {i for s, e in match.slots for i in range(s, e)}

    own = [words(m) for m in matches if m.counted and m.concept.startswith(DERIVED_PREFIX)]
    if not own:
        return matches
    return [m for m in matches if m.concept.startswith(DERIVED_PREFIX) or not any(words(m) < more for more in own)]


def _items(match: ConceptMatch, knowledge: Knowledge, *, overdose: bool) -> list:
    """The leaflet items one match names, where the message's words tell them apart.

    An item of the overdose list is not the one meant when nothing says too much was used
    and an ordinary item names the same thing ("queasy": nausea, not the overdose's severe
    nausea); an item naming the severe form is not meant when a milder one fits the words
    ("a bit of loose poo"), nor a mild one when the words say severe. With no other item to
    go to, the item stays: the more serious reading is never dropped for a lack of words.
    """
    items = [knowledge.leaflet.item(text) for text in knowledge.links.get(match.concept, ())]
    severe = "severe" in match.modifiers
    if not severe and any(SEVERE.search(i.text) for i in items):
        # a severe form's other words in the sentence say it is the one meant ("watery ... blood in it")
        said = _stems(match.sentence) - _stems(" ".join(match.words))
        severe = any(SEVERE.search(i.text) and _stems(i.text) & said for i in items)
    # after too much was used, the overdose list's severe forms are what is meant
    for unmeant in ((lambda i: i.tier == OVERDOSE) if not overdose else None,
                    (lambda i: SEVERE.search(i.text) and not (overdose and i.tier == OVERDOSE)) if not severe else None,
                    (lambda i: MILD.search(i.text)) if severe else None):
        if unmeant is not None and any(unmeant(i) for i in items):
            rest = [i for i in items if not unmeant(i)]
            items = rest or items
    # "my ankles and feet are puffy": of the items one concept names, those that use the person's own
    # words ("swelling of the hands, ankles, feet") are the ones meant, not the arm-or-leg clot item
    if len(items) > 1:
        said = _words(" ".join(match.words))
        if any(_words(i.text) & said for i in items):
            sites = _site_words(tuple(knowledge.wording.sites))
            rest = [i for i in items if _words(i.text) & said or not _words(i.text) & sites]
            items = rest or items
    return items


@lru_cache(maxsize=8)
def _site_words(sites: tuple) -> frozenset:
    """The wording table's body sites, as `_words` reads them."""
    return frozenset(word for site in sites for word in _words(site))


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """A text's words of three letters or more, roughly stemmed: without a plural "s", and only
    their first five letters ("ankles" and "ankle", "sleeping" and "sleep", "bloody" and "blood" alike)."""
    return frozenset((w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)[:5]
                     for w in re.findall(r"[a-z]{3,}", text.lower()))


def _stems(text: str) -> set[str]:
    """Rough stems of a text's longer words ("bloody" and "blood" alike), for telling items apart."""
    return {w[:5] for w in re.findall(r"[a-z]{5,}", text.lower())} - COMMON_STEMS


def _item_level(item, modifiers: tuple) -> Level:
    """The leaflet's level for an item; an overdose item is an emergency only when the message
    says too much was used, and otherwise a reason to contact the doctor now."""
    if item.tier == OVERDOSE and OVERDOSE not in modifiers:
        return Level.URGENT
    return item.level


def _name(concept: str) -> str:
    """How a concept is named in an answer's reasons: "chest pain", or an item's own words."""
    return concept.removeprefix(DERIVED_PREFIX).replace("_", " ")


def _union(first: tuple, second: tuple) -> tuple:
    """Both tuples' items, in order, without repeats."""
    return tuple(dict.fromkeys(first + second))


def apply_rules(counted: list[Finding], knowledge: Knowledge) -> list[Finding]:
    """Findings at their item's level, raised by every data rule whose conditions all hold.

    Levels start from the leaflet, not from the findings, so that a chat can
    re-apply the rules after a correction and see a combination come apart.
    """
    levels = {f.item: _leaflet_level(f, knowledge) for f in counted}
    reasons: dict[str, list[str]] = {f.item: [] for f in counted}
    for rule in knowledge.leaflet.rules:
        satisfied = hits_of(rule.conditions, counted, lambda f: f.item)
        if satisfied:
            source = knowledge.levels.sources[rule.source]
            for finding in satisfied:
                if rule.level.rank > levels[finding.item].rank:
                    levels[finding.item] = rule.level
                reasons[finding.item].append(f"{rule.reason} ({source})")
    return [replace(f, level=levels[f.item], why=_union(f.why, tuple(reasons[f.item]))) for f in counted]


def _leaflet_level(finding: Finding, knowledge: Knowledge) -> Level:
    """The level the leaflet gives an item; a safety-net finding keeps its own."""
    if sign_of(finding, knowledge) is not None:
        return finding.level
    return _item_level(knowledge.leaflet.item(finding.item), finding.modifiers)


def _advice(level: Level, counted: list[Finding], knowledge: Knowledge) -> list[str]:
    """The level's advice, then the leaflet sentences that apply to what was found."""
    lines = [knowledge.levels.by_level[level].advice]
    leaflet = knowledge.leaflet
    groups = {g.id: g for g in leaflet.groups}
    seen = set()
    signs = [sign for f in counted if (sign := sign_of(f, knowledge)) is not None]
    for sign in signs:
        if sign.advice and sign.advice not in seen:
            seen.add(sign.advice)
            lines.append(sign.advice)
    for source in dict.fromkeys(sign.source for sign in signs):
        lines.append(knowledge.net.note.format(source=source))
    for finding in sorted(counted, key=lambda f: -f.level.rank):
        if sign_of(finding, knowledge) is not None:
            continue
        item = leaflet.item(finding.item)
        for gid in item.groups:
            if gid not in seen:
                seen.add(gid)
                lines.append(f'{groups[gid].title}: the leaflet says "{groups[gid].quote}"')
        if item.tier in leaflet.tier_sentences and item.tier not in seen:
            seen.add(item.tier)
            lines.append(f'The leaflet says: "{leaflet.tier_sentences[item.tier]}"')
    return lines


def _notes(counted: list[Finding], not_counted: list[Finding], knowledge: Knowledge) -> list[str]:
    """What would change the answer, and what was heard but not counted."""
    found = {f.item for f in counted}
    notes = [note.text for note in knowledge.leaflet.notes if found & set(note.items)]
    phrases = knowledge.levels.not_counted
    for finding in not_counted:
        why = " and ".join(phrases.get(flag, flag) for flag in finding.flags)
        words = ", ".join(repr(w) for w in finding.matched)
        notes.append(f"Not counted: {words} ({finding.item}) - {why}.")
    return list(dict.fromkeys(notes))
