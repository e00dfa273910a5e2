"""Builds the spaCy pipeline; the only place that calls add_pipe.

blank English -> sentencizer -> triage_sentence_cap -> triage_normaliser
(lookup lemmas, case-folded; typo correction with RapidFuzz; dictation's
sound-alikes) -> triage_lexicon (concept matching) ->
triage_context (ConText's assertion flags) -> triage_questions (usage questions).
`nlp(text)` alone gives the finished matches (`doc._.triage_matches`) and questions.

`build` makes it from the knowledge; `assemble` makes the same pipes empty, to be
filled by `nlp.from_bytes` from a compiled pipeline (compiled.py). Nothing is
downloaded: the two English lemma tables triage reads ship in the package (triage/lookups/,
copied unchanged from spacy-lookups-data 1.0.5, with its licences), so the 100 MB of every
language's tables in spacy-lookups-data are not installed.
"""

import pickle
from importlib import resources

import spacy
import srsly
from spacy.lang.en import English, EnglishDefaults
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from . import fuzzy
from .context import Context  # noqa: F401  (registers the triage_context factory)
from .knowledge_types import Knowledge
from .matcher import LexiconMatcher  # noqa: F401  (registers the triage_lexicon factory)
from .questions import QuestionMatcher, load_questions  # noqa: F401  (registers triage_questions)
from .soundalike import SoundAlikes

LOOKUPS = "lookups"  # the package folder of the lemma tables (en_lemma_lookup, en_lemma_index)
PIPES = ("sentencizer", "triage_sentence_cap", "triage_normaliser", "triage_lexicon", "triage_context",
         "triage_questions")

if not Token.has_extension("triage_corrected"):
    Token.set_extension("triage_corrected", default="")


# A caregiver writes "her tongue" where the lexicon says "my tongue": possessives match as one.
POSSESSIVES = {"her": "my", "his": "my", "their": "my", "your": "my", "our": "my"}


@Language.factory("triage_normaliser")
def make_normaliser(nlp: Language, name: str):
    return Normaliser(name)


class Normaliser:
    """Case-folds lookup lemmas and replaces the lemma of a misspelt word by the word meant.

    A word is only corrected when it is not an English word at all (not in the
    lookup tables' forms or base forms) and is close to a word the lexicon knows:
    "feaver" becomes "fever", "fiver" stays "fiver".
    """

    def __init__(self, name: str):
        self.name = name
        self.table: dict[str, str] = {}  # word form -> lemma (spacy-lookups-data's en_lemma_lookup)
        self.english: frozenset = frozenset()
        self.vocabulary: tuple[str, ...] = ()
        self.correct = fuzzy.Corrector(())
        self.soundalikes: SoundAlikes | None = None

    def initialize(self, get_examples=None, *, nlp: Language, vocabulary):
        data = resources.files("triage").joinpath(LOOKUPS)
        self.table = srsly.read_gzip_json(data.joinpath("en_lemma_lookup.json.gz"))
        index = srsly.read_gzip_json(data.joinpath("en_lemma_index.json.gz"))
        # short function words ("should", "would") are in no lemma table; never "correct" them
        english = set(self.table.values()) | set(STOP_WORDS)
        for words in index.values():
            english.update(words)
        self.vocabulary = tuple(sorted({w for w in vocabulary if w.isalpha() and len(w) >= fuzzy.MIN_LENGTH}))
        self.english = frozenset(english) | frozenset(self.vocabulary)
        self.correct = fuzzy.Corrector(self.vocabulary)

    def to_bytes(self, *, exclude=()) -> bytes:
        return pickle.dumps((self.table, self.english, self.vocabulary, self.soundalikes),
                            protocol=pickle.HIGHEST_PROTOCOL)

    def from_bytes(self, data: bytes, *, exclude=()) -> "Normaliser":
        self.table, self.english, self.vocabulary, self.soundalikes = pickle.loads(data)
        self.correct = fuzzy.Corrector(self.vocabulary)
        return self

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            lower = token.lower_
            lemma = self.table.get(lower, lower)
            if token.is_alpha and lower not in self.english and lower not in self.table:
                corrected = self.correct(lower)
                if corrected:
                    token._.triage_corrected = corrected
                    lemma = self.table.get(corrected, corrected)
            token.lemma_ = POSSESSIVES.get(lemma, lemma)
        if self.soundalikes is not None:
            self._hear(doc)
        return doc

    def _hear(self, doc: Doc) -> None:
        """Dictation's sound-alike words, read as the lexicon word the context confirms."""
        words = [t.lower_ for t in doc]
        for i, (meant, size) in self.soundalikes.corrections(words, [t.lemma_ for t in doc]).items():
            heard = doc[i:i + size]
            heard[0]._.triage_corrected = meant
            heard[0].lemma_ = self.table.get(meant, meant)
            for token in heard[1:]:  # "fee ver": the second fragment is part of the first
                token.lemma_ = "-"

    def pattern(self, doc: Doc) -> Doc:
        """`doc` of a known phrase: lemmas only, never a typo correction."""
        for token in doc:
            lemma = self.table.get(token.lower_, token.lower_)
            token.lemma_ = POSSESSIVES.get(lemma, lemma)
        return doc

    def know(self, words) -> None:
        """Treat `words` as real words (never "correct" them), e.g. the question vocabulary."""
        self.english = self.english | frozenset(w.lower() for w in words)


@Language.factory("triage_sentence_cap", default_config={"max_tokens": 60})
def make_sentence_cap(nlp: Language, name: str, max_tokens: int):
    return SentenceCap(name, max_tokens)


class SentenceCap:
    """Starts a new sentence at a line break, and after `max_tokens` tokens without one.

    Context scopes and compositions work within a sentence; a message with no
    punctuation at all would otherwise be one sentence whose cost grows with
    the square of its length.
    """

    def __init__(self, name: str, max_tokens: int):
        self.name = name
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        run = 0
        after_line_break = False
        for token in doc:
            run = 0 if token.is_sent_start else run + 1
            # a line is a statement of its own: "* cold hands" / "* feel weak" do not compose
            if run >= self.max_tokens or (after_line_break and not token.is_space):
                token.is_sent_start = True
                run = 0
            if not token.is_space or "\n" in token.text:
                after_line_break = "\n" in token.text or "\n" in token.whitespace_
        return doc


class _Defaults(EnglishDefaults):
    # a colon between a word and a number splits them ("temp:101.3", "T:38.6", "HR:120"), so a
    # reading written without spaces is read
    infixes = [*EnglishDefaults.infixes, r"(?<=[A-Za-z]):(?=[0-9])"]


class _English(English):
    """spaCy's blank English with the infix above. A language of its own rather than a changed
    tokenizer: setting `infix_finditer` afterwards makes spaCy load its 2,700 English special
    cases a second time, about a tenth of a one-shot start."""

    Defaults = _Defaults


def _blank() -> Language:
    """spaCy's blank English (see _English); its tokenizer is made here, never serialised."""
    return _English()


def assemble() -> Language:
    """The pipeline's pipes, empty: `nlp.from_bytes` fills them from a compiled pipeline."""
    nlp = _blank()
    for name in PIPES:
        nlp.add_pipe(name)
    return nlp


def build(knowledge: Knowledge) -> Language:
    """A ready pipeline for `knowledge`, made from the knowledge files' contents."""
    nlp = _blank()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("triage_sentence_cap")
    phrases = sorted(knowledge.lexicon.phrases())
    words = {word for phrase in phrases for word in phrase.split()}
    normaliser = nlp.add_pipe("triage_normaliser")
    normaliser.initialize(nlp=nlp, vocabulary=words)
    # Phrases only need tokens and lemmas, and the normaliser sets lemmas from the same table.
    phrase_lemmas = {phrase: tuple(t.lemma_ for t in normaliser.pattern(nlp.make_doc(phrase))) for phrase in phrases}
    # sound-alike words are checked against the phrases' lemmas, so they come after the phrases
    normaliser.soundalikes = _soundalikes(knowledge, phrases, phrase_lemmas, normaliser)
    nlp.add_pipe("triage_lexicon").initialize(nlp=nlp, lexicon=knowledge.lexicon, phrase_lemmas=phrase_lemmas)
    context = nlp.add_pipe("triage_context")
    context.initialize(nlp=nlp, rules=knowledge.context)
    nlp.add_pipe("triage_questions").initialize(nlp=nlp, book=load_questions(knowledge))
    return nlp


def _soundalikes(knowledge: Knowledge, phrases, phrase_lemmas: dict, normaliser: Normaliser) -> SoundAlikes:
    table = knowledge.soundalikes
    return SoundAlikes(phrases, STOP_WORDS, table.entries, window=table.window,
                        phrase_lemmas=set(phrase_lemmas.values()),
                        lemmas=normaliser.table)
