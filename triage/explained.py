"""Symptoms the message explains away ("bruised shin, hit the coffee table") or says are over
("dizzy after the half marathon, fine now"), set aside on strong evidence only.

The cause or the end must be said in the symptom's sentence or the one next to it, for a
concept knowledge/explained.yaml lists, and nothing in those sentences may say it goes on. A
set-aside symptom keeps its item and a reason ("you said what caused it", "in the past or
already gone"), so that the headline still says what to do if it is happening.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .knowledge_types import Explained, Explanation
from .types import ConceptMatch
from .wording import DERIVED_PREFIX

if TYPE_CHECKING:  # spaCy is imported by the pipeline, not for type names
    from spacy.tokens import Doc

EXPLAINED = "explained"
PAST = "historical"
_DENIED = re.compile(r"(?:n't|\bnot|\bnever|\bno)\s+(?:\w+\s+){0,2}$")  # just before the cause


class _Reader:
    def __init__(self, entry: Explanation):
        self.concepts = entry.concepts
        self.said = _any_of(entry.said)
        self.unless = _any_of(entry.unless)

    def holds(self, near: list[str]) -> bool:
        """True when the cause or end is said near the symptom, not denied ("I didn't bump into
        anything"), and nothing near says it goes on."""
        said = any(not _DENIED.search(text[max(0, found.start() - 24):found.start()])
                   for text in near for found in self.said.finditer(text))
        return said and not any(self.unless.search(text) for text in near)


class ExplainedReader:
    """Sets aside the counted matches a message explains away or says are over."""

    def __init__(self, explained: Explained, serious: set[str]):
        """`serious`: concepts whose finding in a message means nothing else is set aside."""
        self.serious = serious
        self.explanations = [_Reader(entry) for entry in explained.explanations]
        self.resolved = _Reader(explained.resolved)
        self.concepts = set().union(self.resolved.concepts, *(e.concepts for e in self.explanations))

    def apply(self, docs: list[Doc], per_doc: list[list[ConceptMatch]]) -> list[list[ConceptMatch]]:
        counted = {m.concept for matches in per_doc for m in matches
                   if m.counted and not _shadowed(m, matches, self.concepts)}
        if not counted & self.concepts or (counted - self.concepts) & self.serious:
            return per_doc
        return [self._apply(doc, matches) for doc, matches in zip(docs, per_doc)]

    def _apply(self, doc: Doc, matches: list[ConceptMatch]) -> list[ConceptMatch]:
        sentences = [s.text.lower() for s in doc.sents]
        starts = [s.start for s in doc.sents]
        out = []
        for match in matches:
            if match.counted and match.concept in self.concepts:
                index = max(i for i, start in enumerate(starts) if start <= match.start)
                before, here = sentences[max(index - 1, 0):index], sentences[index]
                after = sentences[index + 1:index + 2]
                if any(e.holds([*before, here]) for e in self.explanations if match.concept in e.concepts):
                    match = match.with_flags((EXPLAINED,))
                elif match.concept in self.resolved.concepts and self.resolved.holds([here, *after]):
                    match = match.with_flags((PAST,))
            out.append(match)
        # an entry derived from an item's wording on the words of a listed concept goes with it
        set_aside = [m for m in out if m.flags and m.concept in self.concepts]
        return [next((m.with_flags(o.flags) for o in set_aside if set(m.slots) <= set(o.slots)), m)
                if m.counted and _shadowed(m, matches, self.concepts) else m for m in out]


def _shadowed(match: ConceptMatch, matches: list[ConceptMatch], concepts: set[str]) -> bool:
    """An entry derived from a leaflet item's wording, on no words but those of a concept listed
    here ("rash" read as the leaflet's "itching, scaling ... of the skin"): that concept's reading of
    the words decides."""
    return match.concept.startswith(DERIVED_PREFIX) and any(
        m.concept in concepts and m.counted and set(match.slots) <= set(m.slots) for m in matches)


def _any_of(phrases: tuple[str, ...]) -> re.Pattern:
    """Any of `phrases` as whole words; a "*" in a phrase stands for one to four words ("can i use *
    on": "can I use mometasone on", "can I put a little of mine on")."""
    if not phrases:
        return re.compile(r"(?!)")
    words = sorted((re.escape(p).replace(r"\*", r"[\w'-]+(?:\s+[\w'-]+){0,3}") for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(words) + r")(?![\w'])")
