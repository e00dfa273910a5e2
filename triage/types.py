"""Result types: what an assessment of one message looks like."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    """How soon to act, most urgent first. Values are the strings used in JSON."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SOON = "soon"
    ROUTINE = "routine"
    NONE = "none"

    @property
    def rank(self) -> int:
        """Higher is more urgent; NONE is 0."""
        return _RANK[self]

    def __str__(self) -> str:
        return self.value

    # ordered by urgency, not by spelling: Level.EMERGENCY > Level.URGENT, max(levels) is the most urgent
    def __lt__(self, other: object) -> bool:
        return self.rank < other.rank if isinstance(other, Level) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= other.rank if isinstance(other, Level) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > other.rank if isinstance(other, Level) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= other.rank if isinstance(other, Level) else NotImplemented


_RANK = {Level.NONE: 0, Level.ROUTINE: 1, Level.SOON: 2, Level.URGENT: 3, Level.EMERGENCY: 4}


def most_urgent(levels) -> Level:
    """The most urgent of `levels`, NONE for an empty iterable."""
    return max(levels, key=lambda level: level.rank, default=Level.NONE)


@dataclass(frozen=True)
class Finding:
    """One leaflet item matched in a message.

    `counted` is False when the words were negated, hypothetical, past or about
    someone else: such a finding is reported but never sets the level.
    """

    item: str
    level: Level
    matched: tuple[str, ...]
    concept: str
    sentence: str
    flags: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    why: tuple[str, ...] = ()
    group: str = ""
    tier: str = ""
    counted: bool = True

    def to_dict(self) -> dict:
        return {
            "item": self.item,
            "level": self.level.value,
            "matched": list(self.matched),
            "concept": self.concept,
            "counted": self.counted,
            "flags": list(self.flags),
            "modifiers": list(self.modifiers),
            "why": list(self.why),
            "tier": self.tier,
            "group": self.group,
        }


@dataclass(frozen=True)
class Assessment:
    """What the leaflet says about one message."""

    text: str
    level: Level
    headline: str
    advice: tuple[str, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()
    safety: str = ""
    leaflet: str = ""
    questions: tuple = field(default=())

    @property
    def counted(self) -> tuple[Finding, ...]:
        """The findings that set the level."""
        return tuple(f for f in self.findings if f.counted)

    @property
    def not_counted(self) -> tuple[Finding, ...]:
        """Mentions that were negated, hypothetical, past or about someone else."""
        return tuple(f for f in self.findings if not f.counted)

    def to_dict(self) -> dict:
        data = {
            "text": self.text,
            "level": self.level.value,
            "headline": self.headline,
            "advice": "\n".join(self.advice),
            "findings": [f.to_dict() for f in self.counted],
            "not_counted": [f.to_dict() for f in self.not_counted],
            "notes": list(self.notes),
            "safety": self.safety,
            "leaflet": self.leaflet,
        }
        data["questions"] = [q.to_dict() for q in self.questions]
        return data


@dataclass(frozen=True)
class ConceptMatch:
    """One concept found in a message, before it is tied to leaflet items."""

    concept: str
    start: int
    end: int
    slots: tuple[tuple[int, int], ...]
    words: tuple[str, ...]
    sentence: str
    modifiers: tuple[str, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()
    flags: tuple[str, ...] = ()
    reach: frozenset = frozenset()  # tokens of every way this finding could have been composed

    @property
    def counted(self) -> bool:
        return not self.flags

    def with_flags(self, flags) -> "ConceptMatch":
        return ConceptMatch(self.concept, self.start, self.end, self.slots, self.words,
                            self.sentence, self.modifiers, self.corrections, tuple(flags), self.reach)
