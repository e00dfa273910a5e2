"""The safety net: emergencies whatever the medicine, found from concept matches. Pure, no I/O.

A seizure, anaphylaxis, someone who cannot be woken or thoughts of suicide are
emergencies for every leaflet, whether or not the leaflet lists them. The signs
are data (knowledge/safety-net.yaml); each finding names the guidance it rests on.
"""

from __future__ import annotations

from .knowledge_types import Knowledge, NetSign, hits_of
from .types import ConceptMatch, Finding, Level

GROUP = "safety_net"  # the group and tier of every safety-net finding


def net_findings(matches: list[ConceptMatch], leaflet_findings: list[Finding], knowledge: Knowledge) -> list[Finding]:
    """Safety-net findings the leaflet's own answer does not already give as emergencies.

    Counted matches make counted findings; matches that were negated, hypothetical,
    past or someone else's make not-counted ones, so that the answer can say what
    it set aside.
    """
    if not any(m.concept in knowledge.net.concepts for m in matches):
        return []  # most messages: nothing the net knows
    emergency_items = {f.item for f in leaflet_findings if f.counted and f.level is Level.EMERGENCY}
    found = []
    for counted in (True, False):
        pool = [m for m in matches if m.counted == counted and m.concept in knowledge.net.concepts]
        for sign in knowledge.net.signs:
            hits = _hits(sign, pool)
            if not hits:
                continue
            items = {item for m in hits for item in knowledge.links.get(m.concept, ())}
            if counted and items & emergency_items:
                continue  # the leaflet already says emergency for exactly this
            found.append(_finding(sign, hits, counted))
    counted_signs = {f.item for f in found if f.counted}
    return [f for f in found if f.counted or f.item not in counted_signs]


def across_turns(findings: list[Finding], knowledge: Knowledge) -> list[Finding]:
    """Safety-net findings that several findings make together (a chat's turns), not yet given.

    A finding keeps the concept it was first matched as; that is what the signs are met by.
    """
    given = {f.item for f in findings if f.group == GROUP}
    if any(f.counted and f.level is Level.EMERGENCY for f in findings):
        return []  # already an emergency: nothing to add
    pool = [ConceptMatch(f.concept, 0, 0, (), f.matched, f.sentence, f.modifiers) for f in findings if f.counted]
    found = []
    for sign in knowledge.net.signs:
        hits = _hits(sign, pool)
        if hits and sign.title not in given:
            found.append(_finding(sign, hits, True))
    return found


def sign_of(finding: Finding, knowledge: Knowledge) -> NetSign | None:
    """The safety-net sign behind a finding, or None for a leaflet item."""
    if finding.group != GROUP:
        return None
    return next((sign for sign in knowledge.net.signs if sign.title == finding.item), None)


def _hits(sign: NetSign, pool: list[ConceptMatch]) -> list[ConceptMatch]:
    """The matches of every way `sign` is met (all its conditions hold), or []."""
    hits: list[ConceptMatch] = []
    for way in sign.ways:
        hits.extend(m for m in hits_of(way, pool, lambda m: m.concept) if m not in hits)
    return hits


def _finding(sign: NetSign, hits: list[ConceptMatch], counted: bool) -> Finding:
    words = tuple(dict.fromkeys(w for m in hits for w in m.words))
    why = tuple(dict.fromkeys(
        [f"matched {', '.join(repr(w) for w in m.words)} as {m.concept.replace('_', ' ')}" for m in hits]
        + [f"read {typed!r} as {meant!r}" for m in hits for typed, meant in m.corrections]))
    return Finding(
        item=sign.title, level=Level.EMERGENCY, matched=words, concept=hits[0].concept,
        sentence=hits[0].sentence,
        flags=tuple(dict.fromkeys(flag for m in hits for flag in m.flags)) if not counted else (),
        modifiers=tuple(dict.fromkeys(mod for m in hits for mod in m.modifiers)),
        why=why + (f"an emergency whatever the medicine ({sign.source})",),
        group=GROUP, tier=GROUP, counted=counted,
    )
