"""The declared shape of every knowledge file, as pydantic models, and their JSON Schemas.

Each YAML file under knowledge/ (and each leaflet pack's files) is checked against
its model when it is read, before the finer checks of schema.py (that a set named
with "@" exists, that a quote is short, that a rule names a known item...). The
same models are exported as JSON Schema (`python -m triage.knowledge_schema
knowledge/schemas`, shipped there), so an editor with a YAML language server flags a misspelt key
or a wrong type as it is typed: each file's first line names its schema.

A mistake is reported with the file, the entry (by its id where it has one) and
what was expected; the file's own text is never quoted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import KnowledgeError
from .knowledge_types import CONTEXT_CATEGORIES, CONTEXT_DIRECTIONS, LEAFLET_SECTIONS, MODIFIERS, TIERS
from .types import Level

Phrases = list[str]
# the one table of each: knowledge_types.py (and types.Level), never repeated here
Tier = Literal[TIERS]  # type: ignore[valid-type]
LevelName = Literal[tuple(level.value for level in Level)]  # type: ignore[valid-type]
Modifier = Literal[MODIFIERS]  # type: ignore[valid-type]
Section = Literal[LEAFLET_SECTIONS]  # type: ignore[valid-type]
# a slot of a pattern: its phrases, or one "@set"
Slot = Union[str, Phrases]
Window = Annotated[int, Field(ge=0, description="most tokens of gap between a pattern's slots (0: the file's default)")]
Word = Annotated[str, Field(pattern=r"^\S+$", description="one word, no spaces: compared with one word of the message")]


class _Strict(BaseModel):
    """Unknown keys are mistakes (a misspelt key would otherwise be silently ignored)."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- lexicon.yaml


class Concept(_Strict):
    """Everyday ways of saying one symptom; `terms` link it to leaflet items."""

    id: str = Field(description="the concept's name, used by other files")
    terms: Phrases = Field(default=[], description="leaflet item wordings this concept stands for")
    phrases: Phrases = Field(default=[], description="any one of these is enough")
    patterns: list[list[Slot]] = Field(default=[], description="every slot found in one sentence, in order")
    unless: Phrases = Field(default=[], description="overlapping phrases that mean something else")
    overrides: list[str] = Field(default=[], description="concepts this more specific one replaces where they overlap")
    window: Window = 0
    implies: list[Modifier] = Field(default=[], description="modifiers the description itself carries")
    unless_said: Phrases = Field(default=[], description='words as written, not lemmas, that drop a match composed of '
                                                         'slots: "legs" is both legs, no one-sided weakness')
    covers_clause: bool = Field(default=False, description='where the product was put: the other findings of its clause '
                                                           '("where I injected is red, swollen and itchy") are said of it')


class Reading(_Strict):
    """A measurement read as a symptom ("temp 101.7")."""

    concept: str
    after: Phrases = Field(description="words the number follows")
    at_least: float = Field(description="the threshold (Celsius for temperatures)")
    at_least_f: float | None = Field(default=None, description="the threshold for numbers read in Fahrenheit")


class Modifiers(_Strict):
    sudden: Phrases = []
    severe: Phrases = []
    current: Phrases = []


class LexiconFile(_Strict):
    """lexicon.yaml: the shared everyday vocabulary of symptoms."""

    window: int = Field(ge=1, description="default gap between pattern slots, in tokens")
    breaks: Phrases = Field(description="words that end a clause: slots never compose across them")
    sites: Phrases = Field(description="body-site words: a finding attaches to the nearest one")
    joiners: Phrases = Field(description="words that may sit between coordinated sites")
    modifiers: Modifiers
    sets: dict[str, Phrases] = Field(description='named phrase lists, used as "@name"')
    concepts: list[Concept]
    readings: list[Reading] = []
    spread: Phrases = Field(default=[], description='words that take a clause beyond where the product was put '
                                                    '("all over", "spreading"): its findings are not all that place\'s')
    covered: list[str] = Field(default=[], description="concepts a place (covers_clause) overrides in its whole clause: "
                                                       "the generic irritation words, never an urgent sign")
    routes: dict[str, dict[str, Phrases]] = Field(
        default={}, description='per route of a leaflet\'s title ("ophthalmic"), phrases added to named sets: '
                                'for eye drops, "the drops sting" says the eye')


# ---------------------------------------------------------------- context.yaml


class ContextRule(_Strict):
    """A ConText rule: a trigger phrase and what it does to findings in its scope."""

    literal: str
    category: Literal[CONTEXT_CATEGORIES]  # type: ignore[valid-type]
    direction: Literal[CONTEXT_DIRECTIONS]  # type: ignore[valid-type]
    pattern: list[dict[str, Any]] | None = Field(default=None, description="a spaCy token pattern instead of the literal")
    max_scope: int | None = Field(default=None, ge=1, description="most tokens the trigger reaches")
    fillers: list[str] | None = Field(default=None, description="direction ALONE: the words a sentence may hold "
                                      "beside its findings and punctuation for the trigger to reach it")


class ContextFile(_Strict):
    """context.yaml: negation, hypothetical, past and someone-else's triggers."""

    rules: list[ContextRule]


# ---------------------------------------------------------------- levels.yaml


class LevelText(_Strict):
    headline: str
    advice: str
    source: str = Field(description="a key of `sources`")


class TierLevel(_Strict):
    level: LevelName
    source: str = Field(description="a key of `sources`")


class SetAside(_Strict):
    none: str
    then: str


class SayMore(_Strict):
    headline: str
    advice: str
    greetings: Phrases


class LevelsFile(_Strict):
    """levels.yaml: the one table of levels, what each says, and which leaflet tier is which level."""

    sources: dict[str, str]
    levels: dict[LevelName, LevelText]
    tiers: dict[Tier, TierLevel]
    not_counted: dict[str, str]
    set_aside: SetAside
    not_english: str
    safety: str
    look_alikes: str = ""
    say_more: SayMore | None = None


# ---------------------------------------------------------------- safety-net.yaml, subject.yaml, soundalikes.yaml


class Condition(_Strict):
    any: Phrases = Field(description="lexicon concepts (safety net) or leaflet items (overlay rules)")
    with_: Modifier | list[Modifier] | None = Field(default=None, alias="with")


class NetCondition(Condition):
    unless: Phrases = Field(default=[], description="concepts whose presence beside it means this condition is "
                                                    "not met (chest tightness with wheezing is the airways)")


class NetSign(_Strict):
    id: str
    title: str
    source: str
    when: list[list[NetCondition]] = Field(min_length=1, description="ways the sign is met; each a list of conditions that all hold")
    advice: str = ""
    whoever: bool = Field(default=False, description="an emergency whoever it happens to: met by its concepts alone, "
                                                     "it counts when said as happening now to anyone (a friend, a baby), "
                                                     "not as a history")


class SafetyNetFile(_Strict):
    """safety-net.yaml: emergencies whatever the leaflet says."""

    sources: dict[str, str]
    note: str
    signs: list[NetSign]


class SubjectFile(_Strict):
    """subject.yaml: whose symptom it is (the writer's, someone else's, the product's)."""

    people: Phrases
    not_cared: Phrases
    product: Phrases
    use_it: Phrases
    use: Phrases
    writer: Phrases
    on_behalf: Phrases
    not_user: Phrases
    history: Phrases
    recent: Phrases = []
    happening_now: Phrases = Field(description="an emergency said as happening now ('is having a fit', 'right now'): "
                                               "counted whoever it happens to, even beside a past word")
    ingested: Phrases
    about_writer: Phrases
    history_heading: Phrases
    first_person: list[Word] = Field(description="the writer, in a symptom's own words ('better off without me')")
    also: Phrases = Field(description="said beside another person's use, the writer uses it too ('my mum is on it too')")
    writer_fine: Phrases = Field(description="the writer says they have no trouble themselves ('I feel fine on mine')")
    unknown_note: str = Field(description="said when a message does not say whether the person it is about uses the medicine")
    chat_question: str
    chat_not_user: str
    chat_unsure: str


class HeardAs(_Strict):
    heard: Phrases
    meant: str
    near: Phrases = []
    unless_near: Phrases = []
    unless_next: Phrases = []


class SoundAlikesFile(_Strict):
    """soundalikes.yaml: dictation's misheard words."""

    window: int = Field(ge=1)
    heard_as: list[HeardAs]


# ---------------------------------------------------------------- explained.yaml, wording.yaml


class Explanation(_Strict):
    concepts: list[str]
    because: Phrases
    unless: Phrases


class Resolved(_Strict):
    concepts: list[str]
    phrases: Phrases
    unless: Phrases


class ExplainedFile(_Strict):
    """explained.yaml: stories that explain a symptom away or say it is over."""

    explanations: list[Explanation]
    resolved: Resolved


class Placed(_Strict):
    item: Phrases
    said: list[list[Slot]] = Field(description="patterns of how the place is said")


class WordingFile(_Strict):
    """wording.yaml: how a leaflet item's own words are read as a finding plus a body site."""

    window: int = Field(ge=1)
    qualifiers: Phrases
    tails: Phrases
    placed: dict[str, Placed]
    endings: dict[str, str]
    carriers: Phrases
    links: Phrases
    ignore: Phrases
    findings: dict[str, Phrases]
    sites: dict[str, Phrases]
    with_links: Phrases = Field(default=[], description='findings after which "with" names their site, not another '
                                                        'finding ("difficulty with passing urine")')
    irritation: Phrases = Field(default=[], description="the findings of irritation where the product was put: a leaflet's "
                                                        "only place item naming none of them ('temporary darkening of the "
                                                        "skin at the application site') is reached by its own words alone")


# ---------------------------------------------------------------- questions.yaml (shared and a pack's)


class SideEffectQuestion(_Strict):
    title: str
    answer: str = Field(description="names the item as {item}")
    precaution: str = Field(description="names the item as {item}")
    advice: str


class _Matching(_Strict):
    phrases: Phrases = []
    patterns: list[list[Slot]] = []
    unless: Phrases = []
    overrides: list[str] = []
    window: Window = 0
    cues: Phrases = Field(default=[], description="words that point to this topic when a message asks")


class Topic(_Matching):
    """A question the leaflet answers."""

    id: str
    title: str
    section: Section
    answer: str
    quote: str = Field(description="the leaflet sentence the answer rests on (at most 40 words)")


class Unanswered(_Matching):
    """A question the leaflet does not answer; `section` and `quote` together name its nearest sentence."""

    id: str
    title: str
    section: Section | None = None
    quote: str | None = None


class SharedQuestionsFile(_Strict):
    """knowledge/questions.yaml: how questions are asked and answered, for every leaflet."""

    window: int = Field(ge=1)
    headline: str
    advice: str
    not_answered: str
    side_effect: SideEffectQuestion | None = None
    question_openers: Phrases = []
    question_phrases: Phrases = []
    sets: dict[str, Phrases]
    leaflet: str | None = None
    topics: list[Topic] = []
    unanswered: list[Unanswered] = []


class PackQuestionsFile(_Strict):
    """A leaflet pack's questions.yaml: its topics, answered from that leaflet."""

    leaflet: str
    sets: dict[str, Phrases] = {}
    topics: list[Topic]
    unanswered: list[Unanswered] = []


# ---------------------------------------------------------------- followups.yaml (shared and a pack's)


class FollowUpAnswers(_Strict):
    yes: Phrases
    no: Phrases
    unsure: Phrases


class SharedFollowUpsFile(_Strict):
    """knowledge/followups.yaml: how yes, no and not sure are said."""

    answers: FollowUpAnswers


class FollowUp(_Strict):
    id: str
    trigger: str
    question: str
    yes: str | None = None
    context: str | None = None
    examples: Phrases = []
    clarify: str | None = None
    unless_site: bool = False
    unless_said: Phrases = []


class PackFollowUpsFile(_Strict):
    """A leaflet pack's followups.yaml: the chat's questions back."""

    leaflet: str
    questions: list[FollowUp]
    answers: FollowUpAnswers | None = None


# ---------------------------------------------------------------- a pack's leaflet.yaml and safety.yaml


class Group(_Strict):
    group: str = Field(description='the frequency heading ("More common", "Rare")')
    items: Phrases = Field(description="the leaflet's items, word for word")


class LeafletTier(_Strict):
    tier: Tier
    sentence: str = Field(description="the leaflet's sentence over this list, word for word")
    groups: list[Group]


class LeafletFile(_Strict):
    """A pack's leaflet.yaml: its side-effect lists, as `triage import` writes them."""

    leaflet: str
    title: str
    source: str
    tiers: list[LeafletTier]


class WarningGroup(_Strict):
    id: str
    title: str
    advice: str
    quote: str
    level: LevelName
    source: str
    signs: Phrases


class OverlayRule(_Strict):
    id: str
    level: LevelName
    when: list[Condition] = Field(min_length=1, description="conditions that must all hold")
    reason: str
    source: str


class Note(_Strict):
    items: Phrases
    text: str


class OverlayFile(_Strict):
    """A pack's safety.yaml: the leaflet's Precautions warnings and the rules that escalate."""

    leaflet: str
    groups: list[WarningGroup] = []
    rules: list[OverlayRule] = []
    notes: list[Note] = []


# ---------------------------------------------------------------- the table, checking, exporting

# file name -> model; a pack's files are named by their base name with "pack:" before it
MODELS: dict[str, type[BaseModel]] = {
    "lexicon.yaml": LexiconFile,
    "context.yaml": ContextFile,
    "levels.yaml": LevelsFile,
    "safety-net.yaml": SafetyNetFile,
    "subject.yaml": SubjectFile,
    "soundalikes.yaml": SoundAlikesFile,
    "explained.yaml": ExplainedFile,
    "wording.yaml": WordingFile,
    "questions.yaml": SharedQuestionsFile,
    "followups.yaml": SharedFollowUpsFile,
    "pack:leaflet.yaml": LeafletFile,
    "pack:safety.yaml": OverlayFile,
    "pack:questions.yaml": PackQuestionsFile,
    "pack:followups.yaml": PackFollowUpsFile,
}


def check(kind: str, data, label: str) -> None:
    """Raises KnowledgeError naming `label`, the entry and what is wrong when `data` (the parsed
    YAML of a file of `kind`, a key of MODELS) does not have its declared shape."""
    try:
        MODELS[kind].model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        raise KnowledgeError(f"{label}: {_where(data, first['loc'])}: {_what(first)}") from None


def _where(data, loc: tuple) -> str:
    """The path of an error, with an entry named by its id where it has one (concepts[12] 'fever')."""
    parts, node = [], data
    for key in loc:
        if isinstance(key, int):
            entry = node[key] if isinstance(node, list) and key < len(node) else None
            name = entry.get("id") if isinstance(entry, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{key}]" + (f" {name!r}" if isinstance(name, str) else "")]
            node = entry
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " > ".join(parts) or "the file"


def _what(error: dict) -> str:
    kind, message = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown key (a misspelling?)"
    if kind == "missing":
        return "required, missing"
    return message[0].lower() + message[1:]


def json_schemas() -> dict[str, dict]:
    """File name of each schema (lexicon.schema.json, pack-leaflet.schema.json...) -> its JSON Schema."""
    return {kind.replace("pack:", "pack-").removesuffix(".yaml") + ".schema.json": model.model_json_schema(by_alias=True)
            for kind, model in MODELS.items()}


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder) -> list[Path]:
    """Writes every knowledge file's JSON Schema into `folder`; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # python -m triage.knowledge_schema [FOLDER]: regenerate the JSON Schemas
    import sys

    for written in write_schemas(sys.argv[1] if len(sys.argv) > 1 else "knowledge/schemas"):
        print(written)


__all__ = ["MODELS", "check", "json_schemas", "schema_text", "write_schemas"]
