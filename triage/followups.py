"""The chat's follow-up questions (knowledge/followups.yaml): read, validated, and short answers read.

The questions are data: what to ask about which finding, and how a short answer
("yes", "nope", "on my calf") is turned back into words for the library to assess.
Nothing here decides a level.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from .knowledge import FOLLOWUPS_FILE, _package_file, _read, label_of, pack_file
from .knowledge_types import Knowledge
from .schema import _mapping, _read_yaml, _text, _texts, _Where, normalise

ANSWER_KINDS = ("yes", "no", "unsure")
QUESTION_KEYS = ("id", "trigger", "question")
QUESTION_OPTIONS = ("yes", "context", "examples", "clarify", "unless_site", "unless_said")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FollowUp:
    """One question about one kind of finding."""

    id: str
    trigger: str  # a leaflet item's wording or a lexicon concept id
    question: str
    yes: str = ""  # the message assessed for a plain "yes"
    context: str = ""  # "{answer}" is replaced by what the person typed
    examples: tuple[str, ...] = ()
    clarify: str = ""
    unless_site: bool = False
    unless_said: tuple[str, ...] = ()

    def reading(self, answer: str) -> str:
        """The message assessed for a free answer ("on my calf" -> "swelling on my calf")."""
        return self.context.replace("{answer}", answer) if self.context else answer

    def candidates(self) -> tuple[str, ...]:
        """Messages that stand for the possible answers: assessed to see whether asking matters."""
        readings = tuple(self.reading(example) for example in self.examples)
        return ((self.yes,) if self.yes else ()) + readings


@dataclass(frozen=True)
class Answer:
    """How a reply to a question starts ("yes", "no", "unsure" or "other") and what follows."""

    kind: str
    rest: str


@dataclass(frozen=True)
class Answers:
    """The short answers understood after a question, as normalised word tuples."""

    phrases: dict  # kind -> tuple of word tuples

    def read(self, text: str) -> Answer:
        """The kind of answer `text` starts with (the longest phrase wins) and the words after it."""
        words = [(m.group().lower(), m.end()) for m in _WORD.finditer(text)]
        best_kind, best_length = "other", 0
        for kind, phrases in self.phrases.items():
            for phrase in phrases:
                if len(phrase) > best_length and tuple(w for w, _ in words[: len(phrase)]) == phrase:
                    best_kind, best_length = kind, len(phrase)
        if not best_length:
            return Answer("other", text.strip())
        rest = text[words[best_length - 1][1]:]
        return Answer(best_kind, rest.strip(" \t,.;:!?-\u2013\u2014"))


@dataclass(frozen=True)
class FollowUps:
    leaflet: str
    answers: Answers
    questions: tuple[FollowUp, ...] = ()

    def about(self, item: str, concept: str) -> tuple[FollowUp, ...]:
        """The questions whose trigger is this leaflet item or concept, in file order."""
        return tuple(q for q in self.questions if q.trigger in (item, concept))


# ---------------------------------------------------------------- reading


def load_followups(knowledge: Knowledge, path: str | Path | None = None) -> FollowUps:
    """The follow-ups shipped with triage (or in `path`), validated against `knowledge`.

    A file written for another leaflet gives no questions: its triggers name
    that leaflet's items.
    """
    from .knowledge_schema import check  # pydantic's models are built only when files are read

    shared = _read_yaml(_read(_package_file(FOLLOWUPS_FILE), FOLLOWUPS_FILE), FOLLOWUPS_FILE)
    shared = _mapping(shared, _Where(FOLLOWUPS_FILE), required=("answers",))
    answers = _parse_answers(shared["answers"], _Where(FOLLOWUPS_FILE).at("answers"))
    check(FOLLOWUPS_FILE, shared, FOLLOWUPS_FILE)  # and the declared shape (knowledge_schema.py) agrees
    if path is None:
        entry = pack_file(knowledge.origin, FOLLOWUPS_FILE) if knowledge.origin else None
        if entry is None:  # a pack without follow-ups: the chat asks none
            return FollowUps(knowledge.leaflet.name, answers)
        label = label_of(entry)
    else:
        label, entry = str(path), Path(path)
    own = _read_yaml(_read(entry, label), label)
    # the shared short answers, unless the file gives its own
    followups = parse_followups({**shared, **own} if isinstance(own, dict) else own, label, knowledge)
    check("pack:" + FOLLOWUPS_FILE, own, label)
    return followups


def parse_followups(data, file: str, knowledge: Knowledge) -> FollowUps:
    where = _Where(file)
    data = _mapping(data, where, required=("leaflet", "answers", "questions"))
    leaflet = _text(data["leaflet"], where.at("leaflet"))
    answers = _parse_answers(data["answers"], where.at("answers"))
    questions = _parse_questions(data["questions"], where)
    if leaflet != knowledge.leaflet.name:
        return FollowUps(leaflet, answers)
    known = {item.text for item in knowledge.leaflet.items} | {c.id for c in knowledge.lexicon.concepts}
    for question in questions:
        if question.trigger not in known:
            raise where.at(f"question {question.id!r} > trigger").fail(
                f"names {question.trigger!r}, which is neither an item of {leaflet!r} nor a lexicon concept id")
    return FollowUps(leaflet, answers, questions)


def _parse_answers(data, where: _Where) -> Answers:
    _no_boolean_keys(data, where)
    data = _mapping(data, where, required=ANSWER_KINDS)
    phrases, owner = {}, {}
    for kind in ANSWER_KINDS:
        words = []
        for text in _texts(data[kind], where.at(kind)):
            phrase = tuple(normalise(text).split())
            if not phrase:
                raise where.at(kind).fail(f"{text!r} has no words")
            if phrase in owner:
                raise where.at(kind).fail(f"{text!r} is already a {owner[phrase]!r} answer")
            owner[phrase] = kind
            words.append(phrase)
        phrases[kind] = tuple(words)
    return Answers(phrases)


def _parse_questions(data, where: _Where) -> tuple[FollowUp, ...]:
    if not isinstance(data, list) or not data:
        raise where.at("questions").fail("expected a list of questions")
    questions, seen = [], set()
    for index, entry in enumerate(data):
        named = isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip()
        at = where.at(f"question {entry['id'].strip()!r}" if named else f"questions[{index}]")
        _no_boolean_keys(entry, at)
        entry = _mapping(entry, at, required=QUESTION_KEYS, optional=QUESTION_OPTIONS)
        qid = _text(entry["id"], at.at("id"))
        if qid in seen:
            raise at.fail("duplicate question id")
        seen.add(qid)
        questions.append(_parse_question(qid, entry, at))
    return tuple(questions)


def _parse_question(qid: str, entry: dict, at: _Where) -> FollowUp:
    context = _text(entry["context"], at.at("context")) if "context" in entry else ""
    if context:
        _check_template(context, at.at("context"))
    question = FollowUp(
        id=qid,
        trigger=_text(entry["trigger"], at.at("trigger")),
        question=_text(entry["question"], at.at("question")),
        yes=_text(entry["yes"], at.at("yes")) if "yes" in entry else "",
        context=context,
        examples=_texts(entry.get("examples", []), at.at("examples"), allow_empty=True),
        clarify=_text(entry["clarify"], at.at("clarify")) if "clarify" in entry else "",
        unless_site=_flag(entry.get("unless_site", False), at.at("unless_site")),
        unless_said=tuple(normalise(t) for t in _texts(entry.get("unless_said", []), at.at("unless_said"),
                                                        allow_empty=True)),
    )
    if not question.yes and not question.examples:
        raise at.fail("needs 'yes' or 'examples' (without them no answer can be shown to change the level)")
    if question.examples and not context:
        raise at.fail("'examples' are read through 'context'; add a 'context' with {answer}")
    if not question.yes and not question.clarify:
        raise at.fail("a question without 'yes' needs 'clarify' (what to ask when the answer is a plain yes)")
    return question


def _no_boolean_keys(value, where: _Where) -> None:
    """YAML reads a bare `yes:` or `no:` key as true/false; say so instead of "unknown key True"."""
    if isinstance(value, dict):
        for key in value:
            if isinstance(key, bool):
                word = "yes" if key else "no"
                raise where.fail(f'key {key!r}: YAML reads a bare {word}: as {str(key).lower()}; '
                                 f'write "{word}": in quotes')


def _check_template(template: str, where: _Where) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        raise where.fail(f"{template!r} is not a valid template ({error})") from None
    if fields != ["answer"]:
        raise where.fail(f"expected a template with {{answer}} once and no other field, got {template!r}")


def _flag(value, where: _Where) -> bool:
    if not isinstance(value, bool):
        raise where.fail(f"expected true or false, got {type(value).__name__} {value!r}")
    return value
