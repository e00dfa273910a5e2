"""What validated knowledge is made of: frozen data types, built only by schema.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .types import Level

SUBJECT_LISTS = ("people", "not_cared", "product", "use_it", "use", "writer", "on_behalf", "not_user", "history", "recent",
                 "ingested", "about_writer", "history_heading", "first_person", "also", "writer_fine", "happening_now")
TIERS = ("emergency", "overdose", "urgent", "soon", "routine")  # "overdose": emergency when too much was used
CONTEXT_CATEGORIES = ("NEGATED_EXISTENCE", "HYPOTHETICAL", "HISTORICAL", "FAMILY")
# ALONE: a trigger that reaches its whole sentence only when the sentence holds nothing but findings,
# punctuation and the rule's `fillers` ("rash?", "nosebleeds or bruising??")
CONTEXT_DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO", "ALONE")
MODIFIERS = ("sudden", "severe", "current")  # "current": "until today", "started again"
# Section headings of the Mayo Clinic / Micromedex leaflet layout: an answer names where it comes from.
LEAFLET_SECTIONS = (
    "Description", "Before Using", "Allergies", "Pediatric", "Geriatric", "Drug Interactions",
    "Other Interactions", "Other Medical Problems", "Proper Use", "Dosing", "Missed Dose",
    "Storage", "Precautions", "Side Effects",
)


@dataclass(frozen=True)
class LevelInfo:
    level: Level
    headline: str
    advice: str
    source: str


@dataclass(frozen=True)
class Levels:
    by_level: dict
    tiers: dict  # tier name -> (Level, source id)
    sources: dict  # source id -> description
    safety: str
    not_counted: dict  # context flag -> phrase shown to the person
    not_english: str  # said when a message reads as another language
    set_aside: dict = field(default_factory=dict)  # "none" and "then" headline templates
    look_alikes: str = ""  # said when a word was read through look-alike letters ("сhest")
    say_more: tuple = ("", "", ())  # (headline, advice, greetings): for a message with nothing to read


@dataclass(frozen=True)
class Concept:
    """Everyday ways of saying one symptom; `terms` link it to leaflet items."""

    id: str
    terms: tuple[str, ...]
    patterns: tuple[tuple[tuple[str, ...], ...], ...]  # pattern -> slots -> phrases
    unless: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    window: int = 0
    implies: tuple[str, ...] = ()  # modifiers the description itself carries ("went blind": sudden)
    unless_said: frozenset = frozenset()  # words as written (not lemmas) that drop a composed match ("legs")
    covers_clause: bool = False  # where the product was put: the clause's other findings are said of it


@dataclass(frozen=True)
class Lexicon:
    concepts: tuple[Concept, ...]
    modifiers: dict  # modifier name -> phrases
    breaks: tuple[str, ...]
    window: int
    sites: tuple[str, ...] = ()  # body-site words: a finding attaches to the nearest one
    joiners: tuple[str, ...] = ()  # words that may sit between coordinated sites ("chest, groin and legs")
    readings: tuple["Reading", ...] = ()  # measurements ("temp 101.7") read as concepts
    sets: dict = field(default_factory=dict)  # set name -> phrases, for knowledge that names "@sets"
    spread: tuple[str, ...] = ()  # words that take a clause beyond where the product was put ("all over")
    covered: frozenset = frozenset()  # concepts a place overrides in its whole clause (covers_clause)

    def phrases(self) -> set[str]:
        """Every phrase the matcher must find."""
        found = set(self.breaks) | set(self.sites) | set(self.joiners) | set(self.spread) | entry_phrases(self.concepts)
        for reading in self.readings:
            found.update(reading.after)
        for phrases in self.modifiers.values():
            found.update(phrases)
        return found


def entry_phrases(entries) -> set[str]:
    """The phrases of entries with `patterns` and `unless` (lexicon concepts, question topics)."""
    found: set[str] = set()
    for entry in entries:
        found.update(entry.unless)
        for pattern in entry.patterns:
            for slot in pattern:
                found.update(slot)
    return found


@dataclass(frozen=True)
class Reading:
    """A measurement that is a symptom: a number after `after` at or above a threshold.

    Numbers from `fahrenheit_from` up are read in °F (`at_least_f`), smaller ones
    in °C or plain units (`at_least`): "temp 101.7" and "T 38.9" are both a fever.
    """

    concept: str
    after: tuple[str, ...]
    at_least: float
    at_least_f: float | None = None
    fahrenheit_from: float = 50.0


@dataclass(frozen=True)
class ContextRule:
    literal: str
    category: str
    direction: str
    pattern: tuple | None = None
    max_scope: int | None = None
    fillers: frozenset[str] = frozenset()  # direction ALONE: the words allowed beside the findings


@dataclass(frozen=True)
class Item:
    """One side-effect item, worded exactly as in the leaflet."""

    text: str
    tier: str  # emergency/urgent/soon/routine, or "precautions" for signs only found there
    group: str  # frequency group ("Less common") or the Precautions group title
    level: Level
    source: str
    groups: tuple[str, ...] = ()  # ids of Precautions groups that name this item


@dataclass(frozen=True)
class WarningGroup:
    id: str
    title: str
    advice: str
    quote: str
    signs: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    items: tuple[str, ...]
    modifiers: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # a leaflet rule's conditions have none; the safety net's may (NetCondition)

    @property
    def names(self) -> tuple[str, ...]:
        return self.items


def hits_of(conditions, pool, name_of) -> list:
    """The members of `pool` that meet each condition (a named one, with one of its modifiers if
    it asks for any), or [] when some condition is met by none: a rule's or a sign's `when`."""
    hits = []
    for condition in conditions:
        these = [m for m in pool if name_of(m) in condition.names
                 and (not condition.modifiers or set(condition.modifiers) & set(m.modifiers))]
        if not these or any(name_of(m) in condition.unless for m in pool):
            return []
        hits.extend(these)
    return hits


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    conditions: tuple[Condition, ...]
    reason: str
    source: str


@dataclass(frozen=True)
class Note:
    items: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Leaflet:
    name: str
    title: str
    source: str
    tier_sentences: dict
    items: tuple[Item, ...]
    groups: tuple[WarningGroup, ...] = ()
    rules: tuple[Rule, ...] = ()
    notes: tuple[Note, ...] = ()

    def item(self, text: str) -> Item:
        return self._by_text[text]  # KeyError for a text it does not list

    @cached_property
    def _by_text(self) -> dict:
        # asked for each match's items on every message: a lookup, not a walk over the items
        return {item.text: item for item in self.items}


@dataclass(frozen=True)
class NetCondition:
    concepts: tuple[str, ...]
    modifiers: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # concepts that, found beside it, say it is something else

    @property
    def names(self) -> tuple[str, ...]:
        return self.concepts


@dataclass(frozen=True)
class NetSign:
    """An emergency whatever the medicine: one of `ways` (conditions that all hold) meets it."""

    id: str
    title: str
    source: str  # the guidance it comes from, described in full
    ways: tuple[tuple[NetCondition, ...], ...]
    advice: str = ""
    whoever: bool = False  # counted when happening now to anyone, not only the person on the medicine


@dataclass(frozen=True)
class SafetyNet:
    note: str  # "... general emergency guidance ({source}) ..."
    signs: tuple[NetSign, ...] = ()
    concepts: frozenset = frozenset()  # every lexicon concept some sign is met by

    @property
    def whoevers(self) -> frozenset:
        """The concepts that meet a `whoever` sign on their own (a seizure, someone who cannot be woken)."""
        return frozenset(c for sign in self.signs if sign.whoever for way in sign.ways if len(way) == 1
                         for c in way[0].concepts)

    @property
    def alone(self) -> frozenset:
        """The concepts that meet a sign on their own, with no other condition (a swelling tongue)."""
        return frozenset(c for sign in self.signs for way in sign.ways if len(way) == 1 for c in way[0].concepts)


@dataclass(frozen=True)
class Subject:
    """Word lists that tell who a message is about (knowledge/subject.yaml)."""

    lists: dict  # list name -> tuple of phrases
    unknown_note: str
    chat_question: str = ""
    chat_not_user: str = ""
    chat_unsure: str = ""


@dataclass(frozen=True)
class HeardAs:
    """A dictation mishearing: `heard` words read as `meant` in the right company."""

    heard: tuple[str, ...]
    meant: str
    near: tuple[str, ...] = ()
    unless_near: tuple[str, ...] = ()
    unless_next: tuple[str, ...] = ()


@dataclass(frozen=True)
class SoundAlikeTable:
    window: int = 4
    entries: tuple[HeardAs, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """Symptoms (concepts) that words said beside them (a cause, or an end) set aside, unless
    words say they go on."""

    concepts: frozenset
    said: tuple[str, ...]
    unless: tuple[str, ...]


@dataclass(frozen=True)
class Explained:
    """knowledge/explained.yaml: causes that explain a symptom away, and ends that make it past."""

    explanations: tuple[Explanation, ...] = ()
    resolved: Explanation = Explanation(frozenset(), (), ())


@dataclass(frozen=True)
class Wording:
    """knowledge/wording.yaml, validated: how an item's own words are said by people."""

    window: int
    qualifiers: frozenset
    tails: tuple[str, ...]
    placed: dict  # key -> (how an item says "where the product was put", how a message says it: slot lists)
    endings: dict  # noun ending -> everyday ending
    carriers: frozenset
    links: frozenset
    ignore: frozenset
    findings: dict  # leaflet word -> phrases people use (sets expanded)
    sites: dict
    with_links: frozenset = frozenset()  # "difficulty with passing urine": "with" links finding and site
    irritation: frozenset = frozenset()  # irritation findings: a place item naming none is no catch-all for irritation there


@dataclass(frozen=True)
class Knowledge:
    levels: Levels
    lexicon: Lexicon
    context: tuple[ContextRule, ...]
    leaflet: Leaflet
    links: dict = field(default_factory=dict)  # concept id -> tuple of item texts
    net: SafetyNet = SafetyNet(note="")
    subject: Subject = Subject(lists={}, unknown_note="")
    soundalikes: SoundAlikeTable = SoundAlikeTable()
    wording: Wording | None = None
    explained: Explained = Explained()
    origin: str = ""  # how the leaflet was named when loaded: an installed pack, a folder or a file
