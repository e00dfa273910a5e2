"""Result types: what an assessment of one message looks like."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol


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


def most_urgent(levels: Iterable[Level]) -> Level:
    """The most urgent of `levels`, NONE for an empty iterable."""
    return max(levels, key=lambda level: level.rank, default=Level.NONE)


class QuestionLike(Protocol):
    """A usage question answered from the leaflet (triage.questions.QuestionAnswer)."""

    def to_dict(self) -> dict[str, Any]: ...

    def to_text(self) -> str: ...


@dataclass(frozen=True)
class Finding:
    """One leaflet item (or safety-net sign) matched in a message.

    item:      the leaflet's exact wording, or for the safety net the sign's name (group "safety_net")
    level:     the item's level in this message, after the leaflet's escalation rules
    matched:   the words of the message that matched it
    concept:   the lexicon concept that matched ("chest_pain"), or the item's own-wording entry
    sentence:  the sentence of the message it was found in (not in JSON)
    flags:     why it is not counted: "negated", "hypothetical", "historical", "someone_else", "explained"
    modifiers: what the message said about it ("sudden", "severe", "reported_for_user", ...)
    why:       the reasons, in words: what matched, corrections ("read 'chess' as 'chest'"), rules
    group:     the leaflet's frequency group ("More common"), or "safety_net"
    tier:      the leaflet list it is on ("urgent", "routine", "overdose", ...)
    counted:   False when the words were negated, hypothetical, past or about someone else:
               such a finding is reported but never sets the level.
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

    def to_dict(self) -> dict[str, Any]:
        """The finding as in JSON (`sentence` is left out: it is the message's own text)."""
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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """A finding from its `to_dict()` (or JSON) form; `sentence` comes back empty."""
        return cls(item=data["item"], level=Level(data["level"]), matched=tuple(data["matched"]),
                   concept=data.get("concept", ""), sentence=data.get("sentence", ""),
                   flags=tuple(data.get("flags", ())), modifiers=tuple(data.get("modifiers", ())),
                   why=tuple(data.get("why", ())), group=data.get("group", ""), tier=data.get("tier", ""),
                   counted=bool(data.get("counted", True)))

    def __repr__(self) -> str:
        flags = f", flags={self.flags!r}" if self.flags else ""
        return f"Finding({self.item!r}, level={self.level.value!r}, matched={self.matched!r}{flags})"


@dataclass(frozen=True)
class Assessment:
    """What the leaflet says about one message: `Triage.assess(text)` returns one.

    text:        the message as given
    level:       the overall level (the most urgent counted finding's; Level.NONE for none)
    headline:    the first line: the level and what to do now
    advice:      what to do, then the leaflet sentences that apply (one line each)
    findings:    what set the level, most urgent first (JSON "findings")
    not_counted: what was heard but set aside: negated, hypothetical, past or someone else's
                 mentions (JSON "not_counted")
    notes:       what would change the answer, and what was heard but not counted
    safety:      the footer: emergency number, not a doctor, reporting to the FDA
    leaflet:     the leaflet's title
    questions:   usage questions answered from the leaflet (they never change the level)

    `to_dict()` is the JSON form (`triage ask --json`); `Assessment.from_dict()` reads it back.
    """

    text: str
    level: Level
    headline: str
    advice: tuple[str, ...]
    findings: tuple[Finding, ...]
    not_counted: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    safety: str = ""
    leaflet: str = ""
    questions: tuple[QuestionLike, ...] = field(default=())

    @property
    def counted(self) -> tuple[Finding, ...]:
        """The same as `findings` (what set the level), under the name the rules use."""
        return self.findings

    @property
    def heard(self) -> tuple[Finding, ...]:
        """Every mention, counted or not: `findings` then `not_counted`."""
        return self.findings + self.not_counted

    def to_dict(self) -> dict[str, Any]:
        """The assessment as in JSON: plain dicts, lists and strings."""
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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """An assessment from its `to_dict()` form, or from `triage ask --json` output read with
        `json.loads`: `Assessment.from_dict(a.to_dict()).to_dict() == a.to_dict()`."""
        questions: tuple[QuestionLike, ...] = ()
        if data.get("questions"):
            from .questions import QuestionAnswer  # imports spaCy: only when there are questions

            questions = tuple(QuestionAnswer(**{**q, "matched": tuple(q["matched"])}) for q in data["questions"])
        advice = data.get("advice", "")
        return cls(
            text=data["text"], level=Level(data["level"]), headline=data.get("headline", ""),
            advice=tuple(advice.split("\n")) if isinstance(advice, str) and advice else tuple(advice or ()),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            not_counted=tuple(Finding.from_dict({**f, "counted": False}) for f in data.get("not_counted", ())),
            notes=tuple(data.get("notes", ())), safety=data.get("safety", ""), leaflet=data.get("leaflet", ""),
            questions=questions,
        )

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        counted = tuple(f.item for f in self.counted)
        not_counted = tuple(f.item for f in self.not_counted)
        rest = f", not_counted={not_counted!r}" if not_counted else ""
        asked = f", questions={len(self.questions)}" if self.questions else ""
        return f"Assessment(level={self.level.value!r}, counted={counted!r}{rest}{asked}, text={text!r})"


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
    reach: frozenset[int] = frozenset()  # tokens of every way this finding could have been composed
    covers: frozenset[int] = frozenset()  # further tokens it overrides others on (its clause, for a place)

    @property
    def counted(self) -> bool:
        return not self.flags

    def with_flags(self, flags: Iterable[str]) -> ConceptMatch:
        return ConceptMatch(self.concept, self.start, self.end, self.slots, self.words,
                            self.sentence, self.modifiers, self.corrections, tuple(flags), self.reach, self.covers)
