"""Questions about using the medicine ("I forgot a dose", "can I use a sunbed?"), answered from the leaflet.

knowledge/questions.yaml -> QuestionBook (validated like every knowledge file);
QuestionMatcher finds its topics in the doc the engine already made, on the same
lemmas and sentences as the symptom lexicon, and attaches the answers to the
assessment. A question never creates a finding and never changes a level.
"""


import pickle
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc

from . import fuzzy
from .knowledge import QUESTIONS_FILE, _package_file, _read, label_of, pack_file
from .knowledge_types import LEAFLET_SECTIONS, entry_phrases
from .schema import _Where, _kind, _mapping, _read_yaml, _text, _texts, expand_phrases
from .matcher import Entry, compile_entry, compose
from .phrases import PhraseIndex
from .types import Assessment

MAX_QUOTE_WORDS = 40  # the leaflet is copyright: quote a sentence, never a section
MATCH_KEYS = ("phrases", "patterns", "unless", "overrides", "window", "cues")
TOPIC_KEYS = ("id", "title", "section", "answer", "quote")
BOOK_KEYS = ("leaflet", "window", "headline", "advice", "not_answered", "sets", "topics", "unanswered")
# how a message shows it asks, for topics found only by their cues: words that open a question
# sentence ("can", "is it"), and phrases that ask anywhere ("I was wondering", "kindly advise")
ASK_KEYS = ("question_openers", "question_phrases")
CUE_SCORE = 1.0  # cue evidence a topic needs: one cue of its own, or two it shares with one other topic
CUE_SCORE_BESIDE = 2.0  # ... and beside topics a pattern found: two cues of its own
SIDE_EFFECT_KEYS = ("title", "answer", "precaution", "advice")
ASKED = "hypothetical"  # the flag of a side effect asked about, not said to be happening


# ---------------------------------------------------------------- data types


@dataclass(frozen=True)
class Topic:
    """One thing people ask; `answered` is False when the leaflet does not say."""

    id: str
    title: str
    section: str
    answer: str
    quote: str
    answered: bool
    patterns: tuple[tuple[tuple[str, ...], ...], ...]  # pattern -> slots -> phrases
    unless: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    window: int = 0
    # words that point to this topic when a message asks and no pattern found a topic
    # ("can I have a glass of sherry?": alcohol); weighed by how many topics share each
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionBook:
    leaflet: str
    topics: tuple[Topic, ...]
    window: int
    headline: str  # shown instead of "nothing matches" when the message only asks
    advice: str
    # "can it give me a rash?": (title, answer for a listed side effect, answer for a Precautions
    # warning sign, advice), the answers naming the item as {item}
    side_effect: tuple[str, str, str, str] = ("", "", "", "")
    question_openers: tuple[str, ...] = ()
    question_phrases: tuple[str, ...] = ()

    def phrases(self) -> set[str]:
        return (entry_phrases(self.topics) | {c for topic in self.topics for c in topic.cues}
                | set(self.question_openers) | set(self.question_phrases))


@dataclass(frozen=True)
class QuestionAnswer:
    """A question found in a message, with the leaflet's answer and the sentence it rests on."""

    topic: str
    title: str
    section: str
    answer: str
    quote: str
    matched: tuple[str, ...]
    answered: bool

    def to_dict(self) -> dict:
        return {
            "topic": self.topic,
            "title": self.title,
            "answered": self.answered,
            "answer": self.answer,
            "section": self.section,
            "quote": self.quote,
            "matched": list(self.matched),
        }

    def to_text(self) -> str:
        words = ", ".join(f'"{w}"' for w in self.matched)
        if not self.answered:
            return f"About {self.title}: {self.answer}\n  (from {words})"
        return "\n".join([
            f'About {self.title} (the leaflet\'s "{self.section}"):',
            f"  {self.answer}",
            f'  The leaflet says: "{self.quote}"',
            f"  (from {words})",
        ])


# ---------------------------------------------------------------- reading questions.yaml


def load_questions(knowledge) -> QuestionBook:
    """The question book of a leaflet: the shared way of reading questions, with the leaflet
    pack's own topics when it has a questions.yaml (any leaflet answers side-effect questions)."""
    from .knowledge_schema import check  # pydantic's models are built only when files are read

    shared = _read_yaml(_read(_package_file(QUESTIONS_FILE), QUESTIONS_FILE), QUESTIONS_FILE)
    # the shared file alone first, so that a mistake in it is named as its own
    alone = parse_questions(merged_book(shared, None, knowledge.leaflet.name), QUESTIONS_FILE)
    check(QUESTIONS_FILE, shared, QUESTIONS_FILE)  # and the declared shape (knowledge_schema.py) agrees
    file = pack_file(knowledge.origin, QUESTIONS_FILE) if knowledge.origin else None
    if file is None:
        return alone
    label = label_of(file)
    own = _read_yaml(_read(file, label), label)
    book = parse_questions(merged_book(shared, own, label), label)
    check("pack:" + QUESTIONS_FILE, own, label)
    if book.leaflet != knowledge.leaflet.name:  # its answers quote one leaflet: never give them for another
        return replace(book, topics=())
    return book


def merged_book(shared: dict, own, leaflet_or_label: str) -> dict:
    """A whole question book: the shared file's keys and sets, and a pack's leaflet, topics and
    own sets (`own` None: no pack file, `leaflet_or_label` is then the leaflet's name)."""
    if own is None:
        return {**shared, "leaflet": leaflet_or_label, "topics": [], "unanswered": []}
    where = _Where(leaflet_or_label)
    own = _mapping(own, where, required=("leaflet", "topics"), optional=("sets", "unanswered"))
    sets = {**_mapping(shared.get("sets", {}), _Where(QUESTIONS_FILE).at("sets")),
            **_mapping(own.get("sets", {}), where.at("sets"))}
    return {**shared, **own, "sets": sets, "unanswered": own.get("unanswered", [])}


def parse_questions(data, file: str) -> QuestionBook:
    where = _Where(file)
    data = _mapping(data, where, required=BOOK_KEYS, optional=("side_effect",) + ASK_KEYS)
    window = _whole_number(data["window"], where.at("window"), minimum=1)
    sets = {}
    for name, phrases in _mapping(data["sets"], where.at("sets")).items():
        sets[name] = _texts(phrases, where.at(f"sets > {name}"))
    not_answered = _text(data["not_answered"], where.at("not_answered"))
    topics = [_topic(entry, where.at(f"topics[{i}]"), sets) for i, entry in enumerate(_list(data, "topics", where))]
    topics += [_unanswered(entry, where.at(f"unanswered[{i}]"), sets, not_answered)
               for i, entry in enumerate(_list(data, "unanswered", where))]
    _check_ids(topics, where)
    return QuestionBook(
        leaflet=_text(data["leaflet"], where.at("leaflet")),
        topics=tuple(topics),
        window=window,
        headline=_text(data["headline"], where.at("headline")),
        advice=_text(data["advice"], where.at("advice")),
        side_effect=_side_effect(data.get("side_effect"), where.at("side_effect")),
        **{key: expand_phrases(data[key], where.at(key), sets) for key in ASK_KEYS if key in data},
    )


def _side_effect(entry, at: _Where) -> tuple[str, str, str, str]:
    if entry is None:
        return ("", "", "", "")
    entry = _mapping(entry, at, required=SIDE_EFFECT_KEYS)
    title, answer, precaution, advice = (_text(entry[key], at.at(key)) for key in SIDE_EFFECT_KEYS)
    for key, text in (("answer", answer), ("precaution", precaution)):
        if "{item}" not in text or text.replace("{item}", "").count("{") or text.count("}") != 1:
            raise at.at(key).fail("expected it to name the item as {item}, and no other {...}")
    return (title, answer, precaution, advice)


def _list(data: dict, key: str, where: _Where) -> list:
    if not isinstance(data[key], list):
        raise where.at(key).fail(f"expected a list of topics, got {_kind(data[key])}")
    return data[key]


def _topic(entry, at: _Where, sets: dict) -> Topic:
    entry = _mapping(entry, at, required=TOPIC_KEYS, optional=MATCH_KEYS)
    at = at.at(f"topic {_text(entry['id'], at.at('id'))!r}")
    return Topic(
        id=entry["id"].strip(),
        title=_text(entry["title"], at.at("title")),
        section=_section(entry["section"], at.at("section")),
        answer=_text(entry["answer"], at.at("answer")),
        quote=_quote(entry["quote"], at.at("quote")),
        answered=True,
        **_matching(entry, at, sets),
    )


def _unanswered(entry, at: _Where, sets: dict, not_answered: str) -> Topic:
    """A question the leaflet does not answer: the honest answer, and the nearest general sentence if any."""
    entry = _mapping(entry, at, required=("id", "title"), optional=("section", "quote") + MATCH_KEYS)
    at = at.at(f"topic {_text(entry['id'], at.at('id'))!r}")
    if ("section" in entry) != ("quote" in entry):
        raise at.fail("give 'section' and 'quote' together (the leaflet sentence and where it is), or neither")
    section = _section(entry["section"], at.at("section")) if "section" in entry else ""
    quote = _quote(entry["quote"], at.at("quote")) if "quote" in entry else ""
    answer = f'{not_answered} It says nothing more specific than: "{quote}"' if quote else not_answered
    return Topic(
        id=entry["id"].strip(),
        title=_text(entry["title"], at.at("title")),
        section=section,
        answer=answer,
        quote=quote,
        answered=False,
        **_matching(entry, at, sets),
    )


def _matching(entry: dict, at: _Where, sets: dict) -> dict:
    """How people ask: phrases and slot patterns, as in lexicon.yaml."""
    patterns = [(expand_phrases([p], at.at("phrases"), sets),) for p in _texts(entry.get("phrases", []), at.at("phrases"),
                                                                       allow_empty=True)]
    raw_patterns = entry.get("patterns", [])
    if not isinstance(raw_patterns, list):
        raise at.at("patterns").fail(f"expected a list of patterns, got {_kind(raw_patterns)}")
    for index, pattern in enumerate(raw_patterns):
        p_at = at.at(f"patterns[{index}]")
        if not isinstance(pattern, list) or len(pattern) < 2:
            raise p_at.fail(f"expected a list of two or more slots, got {_kind(pattern)}")
        patterns.append(tuple(expand_phrases(slot, p_at.at(f"slot {i}"), sets) for i, slot in enumerate(pattern)))
    if not patterns:
        raise at.fail("needs 'phrases' or 'patterns' (a topic nobody can ask is never answered)")
    return {
        "patterns": tuple(patterns),
        "unless": expand_phrases(entry["unless"], at.at("unless"), sets) if "unless" in entry else (),
        "overrides": _texts(entry.get("overrides", []), at.at("overrides"), allow_empty=True),
        "window": _whole_number(entry.get("window", 0), at.at("window"), minimum=0),
        "cues": expand_phrases(entry["cues"], at.at("cues"), sets) if "cues" in entry else (),
    }




def _section(value, at: _Where) -> str:
    section = _text(value, at)
    if section not in LEAFLET_SECTIONS:
        raise at.fail(f"unknown leaflet section {section!r} (expected one of: {', '.join(LEAFLET_SECTIONS)})")
    return section


def _quote(value, at: _Where) -> str:
    quote = _text(value, at)
    if len(quote.split()) > MAX_QUOTE_WORDS:
        raise at.fail(f"a quote of {len(quote.split())} words is too long (at most {MAX_QUOTE_WORDS}: "
                      "quote the one sentence the answer rests on)")
    return quote


def _whole_number(value, at: _Where, *, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise at.fail(f"expected a whole number of at least {minimum}, got {_kind(value)}")
    return value


def _check_ids(topics: list[Topic], where: _Where) -> None:
    seen = set()
    for topic in topics:
        if topic.id in seen:
            raise where.at(f"topic {topic.id!r}").fail("duplicate topic id")
        seen.add(topic.id)
    for topic in topics:
        for other in topic.overrides:
            if other not in seen:
                raise where.at(f"topic {topic.id!r} > overrides").fail(f"names unknown topic {other!r}")


# ---------------------------------------------------------------- matching


if not Doc.has_extension("triage_questions"):
    Doc.set_extension("triage_questions", default=())
if not Doc.has_extension("triage_cued"):  # topics a question points to by its cues alone
    Doc.set_extension("triage_cued", default=())


@Language.factory("triage_questions")
def make_question_matcher(nlp: Language, name: str):
    return QuestionMatcher(nlp, name)


class QuestionMatcher:
    """spaCy component: finds a book's topics in a doc and answers them (`doc._.triage_questions`).

    It reads what the pipeline before it made: lemmas, sentences and typo
    corrections, plus its own correction of misspelt question words ("fridg",
    "sunscrean") that the symptom lexicon does not know.
    """

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.nlp = nlp
        self.book = QuestionBook(leaflet="", topics=(), window=1, headline="", advice="")
        self.spelling: tuple[str, ...] = ()
        self.correct = fuzzy.Corrector(())
        self.entries: list[Entry] = []
        self.index: dict[str, set[int]] = {}
        self.cues: dict[str, tuple[int, ...]] = {}  # cue phrase -> the topics it points to
        self.phrases = PhraseIndex({})

    @property
    def normaliser(self):
        return self.nlp.get_pipe("triage_normaliser")

    def initialize(self, get_examples=None, *, nlp: Language, book: QuestionBook):
        self.book = book
        phrases = sorted(book.phrases())
        self.spelling = tuple(sorted({
            word for phrase in phrases for word in phrase.split()
            if word.isalpha() and len(word) >= fuzzy.MIN_LENGTH
        }))
        self.correct = fuzzy.Corrector(self.spelling)
        # topics are entries of the lexicon's engine (matcher.compose), indexed by their first slots' phrases
        self.entries = [compile_entry(topic, book.window) for topic in book.topics]
        self.index = {}
        for number, entry in enumerate(self.entries):
            for pattern in entry.patterns:
                for phrase in pattern[0]:
                    self.index.setdefault(phrase, set()).add(number)
        cues: dict[str, list[int]] = {}
        for number, topic in enumerate(book.topics):
            for cue in topic.cues:
                cues.setdefault(cue, []).append(number)
        self.cues = {cue: tuple(numbers) for cue, numbers in cues.items()}
        # phrases get the same spelling view as messages ("should" is not "shoulder" on either side)
        # phrases need only tokens and lemmas (the normaliser sets them), not the whole pipeline
        self.normaliser.know(self.spelling)  # "cyclosporine" is a word, not a typo of a symptom
        self.phrases = PhraseIndex({
            phrase: tuple(self._question_lemmas(self.normaliser.pattern(nlp.make_doc(phrase)))) for phrase in phrases})

    def to_bytes(self, *, exclude=()) -> bytes:
        return pickle.dumps((self.book, self.spelling, self.entries, self.index, self.cues, self.phrases),
                            protocol=pickle.HIGHEST_PROTOCOL)

    def from_bytes(self, data: bytes, *, exclude=()) -> "QuestionMatcher":
        self.book, self.spelling, self.entries, self.index, self.cues, self.phrases = pickle.loads(data)
        self.correct = fuzzy.Corrector(self.spelling)
        return self

    def __call__(self, doc: Doc) -> Doc:
        doc._.triage_questions = self.answers(doc)
        return doc

    def answers(self, doc: Doc) -> tuple[QuestionAnswer, ...]:
        """The questions asked in `doc`, in the order they were asked."""
        if not self.book.topics:
            return ()
        hits = self.phrases.find(self._question_lemmas(doc))
        # the lexicon's reading of the message (sentences, clause breaks, body sites), with the question phrases
        context = replace(doc._.triage_words, hits=hits, keys=set(hits))
        found: dict[str, list] = {}
        for number in sorted({n for phrase in hits for n in self.index.get(phrase, ())}):
            ways = compose(self.entries[number], context)
            if ways:
                found[self.entries[number].concept.id] = ways
        topics = {t.id: t for t in self.book.topics}
        found = _without_overridden(found, topics)
        doc._.triage_cued = () if not self._asks(doc, hits) else tuple(
            _answer(self.book.topics[number], doc, [spans]) for number, spans in self._cued(hits, found)
            if self.book.topics[number].id not in found)
        ordered = sorted(found.items(), key=lambda item: min(spans[0][0] for spans, _reach in item[1]))
        return tuple(_answer(topics[tid], doc, [spans for spans, _reach in ways]) for tid, ways in ordered)

    def _asks(self, doc: Doc, hits: dict) -> bool:
        """True when the message asks something: a question mark, a sentence opened by a question
        word ("can", "is it": dictation and terse messages drop the mark), or an asking phrase."""
        if "?" in doc.text or any(phrase in hits for phrase in self.book.question_phrases):
            return True
        # the words as written, not their lemmas: "is" and "M" (as in "I'm") share the lemma "be"
        openers = set(self.book.question_openers)
        for sent in doc.sents:
            words = [t.lower_ for t in sent if not t.is_punct and not t.is_space][:2]
            if words and (words[0] in openers or " ".join(words) in openers):
                return True
        return False

    def _cued(self, hits: dict, found: dict) -> list[tuple[int, tuple]]:
        """The topics a question points to by its cues, besides those its patterns `found`: each
        cue counts 1/n for the n topics that share it; the best topic needs CUE_SCORE (CUE_SCORE_BESIDE
        when a pattern found a topic), and a tie of more than two says nothing (the cues do not
        tell which question it is)."""
        # topic -> span -> weight: cues said in the same words ("stroke", "strokes") count once
        weights: dict[int, dict[tuple[int, int], float]] = {}
        # words a pattern already read as one topic's are not also cues for another
        taken = {i for ways in found.values() for spans_, _reach in ways for s, e in spans_ for i in range(s, e)}
        for cue in hits.keys() & self.cues.keys():
            numbers = self.cues[cue]
            for span in hits[cue]:
                if any(i in taken for i in range(*span)):
                    continue
                for number in numbers:
                    spans = weights.setdefault(number, {})
                    spans[span] = max(spans.get(span, 0.0), 1.0 / len(numbers))
        outer = {number: _outermost(spans) for number, spans in weights.items()}
        score = {number: sum(weights[number][span] for span in outer[number]) for number in weights}
        best = max(score.values(), default=0.0)
        chosen = sorted(number for number, value in score.items() if value == best)
        if best < (CUE_SCORE_BESIDE if found else CUE_SCORE) or len(chosen) > 2:
            return []
        return [(number, outer[number]) for number in chosen]

    def attach(self, assessment: Assessment, docs, leaflet, plain_headline: str) -> Assessment:
        """`assessment` with the questions in `docs` (the parts of one message); level and
        findings are never changed.

        A leaflet item asked about ("can it give me a rash?") is answered from the
        leaflet's own list: listed, and the sentence over its list. When nothing
        counted was found, the headline and advice speak to the question instead of
        "nothing you described matches", unless the headline sets an urgent mention
        aside (`plain_headline` is the level's own): that one stays, safety first.
        """
        asked = self._side_effects(assessment, leaflet)
        answers = tuple({a.topic: a for doc in docs for a in doc._.triage_questions}.values()) + asked
        if not assessment.counted:
            # in a message that reports no symptom of the writer's, a question's cues say which topic
            # no pattern found ("can I have a glass of sherry?"); beside a symptom they are noise
            have = {a.topic for a in answers}
            answers += tuple({a.topic: a for doc in docs for a in doc._.triage_cued if a.topic not in have}.values())
        if not answers:
            return assessment
        if assessment.counted:
            return replace(assessment, questions=answers)
        advice = self.book.side_effect[3] if asked else self.book.advice
        headline = self.book.headline if assessment.headline == plain_headline else assessment.headline
        return replace(assessment, questions=answers, headline=headline, advice=(advice,))

    def _side_effects(self, assessment: Assessment, leaflet) -> tuple[QuestionAnswer, ...]:
        title, listed, precaution, _advice = self.book.side_effect
        groups = {g.id: g for g in leaflet.groups}
        answers: dict[str, QuestionAnswer] = {}
        for finding in assessment.not_counted:
            if not listed or ASKED not in finding.flags or finding.item in answers:
                continue
            try:
                item = leaflet.item(finding.item)
            except KeyError:
                continue  # a safety-net sign, not one of the leaflet's items: nothing of the leaflet's to quote
            # an item of the side-effect lists quotes its list's sentence; a Precautions warning sign, its warning
            in_lists = item.tier in leaflet.tier_sentences
            quote = leaflet.tier_sentences[item.tier] if in_lists else next(
                (groups[g].quote for g in item.groups if g in groups), "")
            answers[finding.item] = QuestionAnswer(
                topic="side_effect:" + re.sub(r"\W+", "_", finding.item.lower()).strip("_"), title=title,
                section="Side Effects" if in_lists else "Precautions",
                answer=(listed if in_lists else precaution).format(item=finding.item), quote=quote,
                matched=finding.matched, answered=True)
        return tuple(answers.values())

    # -------------------------------------------------------------- spelling

    def _question_lemmas(self, doc: Doc) -> list[str]:
        """The doc's lemmas, with the question word meant in place of a misspelt one ("fridg")."""
        lemmas = [t.lemma_ for t in doc]
        for token in doc:
            meant = self._meant(token)
            if meant is not None:
                lemmas[token.i] = meant
        return lemmas

    def _meant(self, token) -> str | None:
        """The lemma of the question word a misspelt token stands for, or None."""
        word = token.lower_
        norm = self.normaliser
        if not token.is_alpha or len(word) < fuzzy.MIN_LENGTH or word in norm.english or word in norm.table:
            return None  # a real word is never second-guessed: "tan" stays "tan"
        choice = self.correct(word)
        if choice is None:
            return None
        by_lexicon = token._.triage_corrected
        if by_lexicon and fuzz.ratio(word, by_lexicon) >= fuzz.ratio(word, choice):
            return None  # the symptom lexicon's reading is at least as close
        lemma = norm.table.get(choice, choice)
        return lemma if lemma != token.lemma_ else None


def _without_overridden(found: dict, topics: dict) -> dict:
    """Drop a topic where a more specific one, asked in the same words, overrides it (as the lexicon's
    `resolve` does): "a max amount of cream per week" asks the maximum, not how to apply it."""
    reach = {tid: set().union(*(r for _spans, r in ways)) for tid, ways in found.items()}
    kept = {}
    for tid, ways in found.items():
        tokens = {i for spans, _reach in ways for s, e in spans for i in range(s, e)}
        beaten = any(tid in topics[other].overrides and tokens & reach[other] for other in found if other != tid)
        if not beaten:
            kept[tid] = ways
    return kept


def _outermost(spans) -> tuple:
    """The spans not inside another ("side effect" holds "effect"), in order."""
    unique = sorted(set(spans))
    return tuple(span for span in unique
                 if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in unique))


def _covered(spans: tuple) -> int:
    return len({i for start, end in spans for i in range(start, end)})


def _gap(spans: tuple) -> int:
    return spans[-1][1] - spans[0][0] - _covered(spans)


def _answer(topic: Topic, doc: Doc, found: list) -> QuestionAnswer:
    # the words of the tightest way it was asked (fewest words between, most words said)
    tightest = min(found, key=lambda spans: (_gap(spans), -_covered(spans), spans[0][0]))
    words = tuple(doc[start:end].text for start, end in tightest)
    return QuestionAnswer(
        topic=topic.id, title=topic.title, section=topic.section, answer=topic.answer,
        quote=topic.quote, matched=words, answered=topic.answered,
    )


__all__ = ["QuestionAnswer", "QuestionBook", "QuestionMatcher", "Topic", "load_questions", "parse_questions"]
