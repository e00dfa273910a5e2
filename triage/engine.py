"""The matcher library: one loaded leaflet, its pipeline, and assess()."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language

from .assess import assess
from .explained import ExplainedReader
from .knowledge import DEFAULT_LEAFLET, load_knowledge
from .knowledge_types import Knowledge
from .matcher import resolve
from .pipeline import build
from .subject import SubjectReader
from .text import check_message, read_message
from .types import Assessment, Level

PART_CHARS = 1_000  # long messages are assessed in parts of about this size
OVERLAP = 120  # characters read twice where a part must be cut inside a sentence


class Triage:
    """Assesses messages against one leaflet. Build it with `triage.load()`."""

    def __init__(self, knowledge: Knowledge, nlp: Language | None = None):
        """`nlp`: the pipeline compiled for `knowledge`, when there is one; else it is built."""
        self.knowledge = knowledge
        self.nlp = nlp if nlp is not None else build(knowledge)
        # a concept that names nothing in this leaflet must not hide one that does
        self.overrides = {c.id: c.overrides for c in knowledge.lexicon.concepts if c.id in knowledge.links}
        self.questions = self.nlp.get_pipe("triage_questions")
        self.subject = SubjectReader(knowledge.subject, _medicine_names(knowledge.leaflet), knowledge.net.whoevers)
        self.explained = ExplainedReader(knowledge.explained, _serious(knowledge))

    @property
    def leaflet(self) -> str:
        return self.knowledge.leaflet.name

    def assess(self, text: str) -> Assessment:
        """What the leaflet says about one message."""
        return self.assess_many([text])[0]

    def assess_many(self, texts, *, batch_size: int = 256) -> list[Assessment]:
        """Assessments for many messages, in order (faster than one by one)."""
        texts = [check_message(t) for t in texts]
        read = [read_message(t) for t in texts]
        parts = [split_message(plain) for plain, _folded in read]
        docs = iter(self.nlp.pipe((p for message in parts for p in message), batch_size=batch_size))
        answers = [self._assess_docs(text, [next(docs) for _ in message]) for text, message in zip(texts, parts)]
        # say so when a word was read through look-alike letters: the person sees what was read
        note = self.knowledge.levels.look_alikes
        return [replace(a, notes=a.notes + (note,)) if folded and note else a
                for a, (_plain, folded) in zip(answers, read)]

    def _assess_docs(self, text: str, docs: list) -> Assessment:
        matches, notes = self._matches(docs)
        answer = assess(text, matches, self.knowledge)
        if notes:
            answer = replace(answer, notes=answer.notes + notes)
        headline, advice, greetings = self.knowledge.levels.say_more
        if headline and not answer.heard and _only_greets(text, greetings):
            answer = replace(answer, headline=headline, advice=(advice,))
        elif not answer.heard and not _reads_as_english(docs, self.nlp.get_pipe("triage_normaliser")):
            answer = replace(answer, notes=answer.notes + (self.knowledge.levels.not_english,))
        # questions about using the medicine ride along; they never change the level
        return self.questions.attach(answer, docs, self.knowledge.leaflet,
                                     self.knowledge.levels.by_level[answer.level].headline)

    def _matches(self, docs: list) -> tuple[list, tuple[str, ...]]:
        """The message's concept matches, finished, and the notes on whose they are.

        Who a symptom belongs to is settled first: only a counted match may override another.
        """
        per_doc, notes = self.subject.resolve(docs, [list(doc._.triage_matches) for doc in docs])
        per_doc = self.explained.apply(docs, per_doc)
        covered = self.knowledge.lexicon.covered
        return [m for doc_matches in per_doc for m in resolve(doc_matches, self.overrides, covered)], notes


def _serious(knowledge: Knowledge) -> set[str]:
    """Concepts that name an urgent (or graver) item, or that the safety net reads."""
    leaflet = knowledge.leaflet
    serious = {cid for cid, texts in knowledge.links.items()
               if any(leaflet.item(text).level.rank >= Level.URGENT.rank for text in texts)}
    return serious | set(knowledge.net.concepts)


def _medicine_names(leaflet) -> tuple[str, ...]:
    """The medicine's names in its leaflet's name and title ("metformin-oral", "Metformin (oral route)")."""
    names = {leaflet.name.split("-")[0].lower()}
    if leaflet.title.split():
        names.add(leaflet.title.split()[0].lower())
    return tuple(sorted(n for n in names if n.isalpha() and len(n) > 3))


def split_message(text: str) -> list[str]:
    """`text` in parts of at most PART_CHARS, cut after a sentence where possible.

    Every finding and every context scope lives inside one sentence, so parts
    assessed apart give the same answer as the whole, in time linear in length.
    A part cut inside a sentence overlaps the next by OVERLAP characters.
    """
    parts = []
    while len(text) > PART_CHARS:
        window = text[:PART_CHARS]
        cut = max(window.rfind(mark) for mark in ".!?\n")
        overlap = 0
        if cut < PART_CHARS // 2:
            # no sentence end: cut at a space, and start the next part OVERLAP characters back, so
            # that a phrase across the cut ("crushing chest | pain") is read whole in one of them
            cut = window.rfind(" ")
            overlap = OVERLAP
        if cut <= 0:
            cut = PART_CHARS - 1
        parts.append(text[: cut + 1])
        back = text.rfind(" ", 0, cut + 1 - overlap) if overlap and cut >= PART_CHARS // 2 else -1
        text = text[back + 1:] if back >= 0 else text[cut + 1:]
    parts.append(text)
    return parts


def _only_greets(text: str, greetings: tuple[str, ...]) -> bool:
    """True for a blank message or one that only greets or thanks ("hi", "hello, thanks!")."""
    words = " ".join(re.sub(r"[^\w']+", " ", text.lower()).split())
    for greeting in sorted(greetings, key=len, reverse=True):
        words = f" {words} ".replace(f" {greeting} ", " ").strip()
    return not words


def _reads_as_english(docs, normaliser) -> bool:
    """False when a message has words but hardly any English ones ("tengo fiebre")."""
    words = [t.lower_ for doc in docs for t in doc if t.is_alpha]
    if len(words) < 3:  # one or two words are more likely typos ("fridg?") than a language
        return True
    english = sum(word in normaliser.english or word in normaliser.table for word in words)
    return english / len(words) >= 0.5


def load(leaflet: str = DEFAULT_LEAFLET) -> Triage:
    """Load a leaflet's knowledge (a name under knowledge/ or a path to a YAML file).

    An installed leaflet's compiled pipeline is used when it matches the installed
    knowledge and code (compiled.py); otherwise the pipeline is built from the files.
    """
    from . import compiled

    bot = compiled.load(leaflet)
    return bot if bot is not None else Triage(load_knowledge(leaflet))
