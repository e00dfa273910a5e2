"""The matcher library: one loaded leaflet, its pipeline, and assess()."""

from __future__ import annotations

from .assess import assess
from .errors import InputError
from .knowledge import DEFAULT_LEAFLET, Knowledge, load_knowledge
from .matcher import read_matches
from .pipeline import build
from .types import Assessment

MAX_CHARS = 10_000  # a message longer than this is refused, not silently cut


class Triage:
    """Assesses messages against one leaflet. Build it with `triage.load()`."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.nlp = build(knowledge)
        self.overrides = {c.id: c.overrides for c in knowledge.lexicon.concepts}

    @property
    def leaflet(self) -> str:
        return self.knowledge.leaflet.name

    def assess(self, text: str) -> Assessment:
        """What the leaflet says about one message."""
        text = check_message(text)
        return assess(text, read_matches(self.nlp(text), self.overrides), self.knowledge)

    def assess_many(self, texts, *, batch_size: int = 256) -> list[Assessment]:
        """Assessments for many messages, in order (faster than one by one)."""
        texts = [check_message(t) for t in texts]
        docs = self.nlp.pipe(texts, batch_size=batch_size)
        return [assess(t, read_matches(doc, self.overrides), self.knowledge) for t, doc in zip(texts, docs)]


def check_message(text) -> str:
    """The message as assessed, or InputError saying what is wrong with it."""
    if not isinstance(text, str):
        raise InputError(f"a message must be text (str), not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the message is {len(text):,} characters long; the limit is {MAX_CHARS:,}. "
            "Please describe one symptom or a few at a time.")
    return text


def load(leaflet: str = DEFAULT_LEAFLET) -> Triage:
    """Load a leaflet's knowledge (a name under knowledge/ or a path to a YAML file)."""
    return Triage(load_knowledge(leaflet))
