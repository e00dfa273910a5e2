"""Who a message is about: the writer, or someone they care for who uses the medicine.

ConText marks a symptom after "my son" or "she" as someone else's. A parent,
partner or grown child writing for the person on the medicine is reporting
that person's symptoms, and those count exactly as if they had written. They
stay someone else's when the writer is the one on the medicine (or reports
symptoms of their own), when the other person is said not to use it, when it
is a friend's or a pet's, or when it is a family history ("my dad had a
stroke"). When the message does not say who uses the medicine, the symptoms
count and a note says so. The word lists are data (knowledge/subject.yaml).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import cached_property, partial
from typing import TYPE_CHECKING, Callable

from .knowledge_types import Subject
from .types import ConceptMatch

if TYPE_CHECKING:  # spaCy is imported by the pipeline, not for type names
    from spacy.tokens import Doc

SOMEONE_ELSE = "someone_else"
# modifiers a counted caregiver's report carries: the person is said to use the medicine, or not said
FOR_USER = "reported_for_user"
FOR_UNKNOWN = "reported_for_someone"
_NEGATION = re.compile(r"n't|\b(?:not|never|no)\b")
_CLAUSE_SPLIT = re.compile(r"[;,.!?()]| and | but ")
_LIKE_SOMEONE = re.compile(r"\b(?:like|as if|as though)\s+(?:someone|somebody|anyone|anybody)\b")
_SUBJECTLESS = {"had", "has", "have", "got", "gets", "was", "is", "developed", "suffered", "ended", "went", "started"}
_CLAUSE_END = {",", ";", ":", "-", "--", "\u2014", "(", ")", "but"}


class SubjectReader:
    """Decides, per message, which "someone else" findings are the medicine user's own."""

    def __init__(self, subject: Subject, medicine: tuple[str, ...] = (), emergencies: frozenset = frozenset()):
        """`medicine`: the leaflet's own names for it ("metformin"), read as the product too;
        `emergencies`: the concepts that are an emergency on their own, whoever they happen to."""
        self.note = subject.unknown_note
        self.emergencies = emergencies
        lists = dict(subject.lists, product=tuple(subject.lists["product"]) + medicine)
        self.has = {name: _any_of(phrases) for name, phrases in lists.items()}
        self.first_person = frozenset(lists["first_person"])  # compared word by word, not searched for
        gap = r"(?:\W+\w+){0,3}\W+"  # up to three words between
        # "I use the cream", "I'm on Opzelura", "my cream": the writer is the one on it
        self.writer_uses = re.compile(
            _group(lists["writer"]) + gap + r"(?:\w+\W+){0,1}" + _group(lists["use"] + lists["use_it"])
            + r"(?:" + gap + _group(lists["product"]) + r")?"
            + r"|\bmy\s+(?:\w+\s+)?" + _group(lists["product"]))
        self.has["mine"] = _any_of(("mine",))
        self.my_product = re.compile(r"\bmy\s+(?:\w+\s+)?" + _group(lists["product"]))

    def resolve(self, docs: list[Doc], matches: list[list[ConceptMatch]]) -> tuple[list[list[ConceptMatch]], tuple[str, ...]]:
        """The matches of each doc, with the caregiver's reports counted, and the notes to say so."""
        flat = [m for doc_matches in matches for m in doc_matches]
        read = [_Words(doc) for doc in docs]
        about = {id(m) for doc, doc_matches in zip(read, matches) for m in doc_matches
                 if not m.flags and (self._sentence_about_someone(doc, m) or self._clause_of_a_friend(doc, m)
                                     or self._after_an_aside(doc, m))}
        if not about and not any(m.flags == (SOMEONE_ELSE,) for m in flat):
            return matches, ()
        sentences = [_fold(s.text) for doc in docs for s in doc.sents]
        others_use = [self._other_uses(s) for s in sentences]
        other_uses = any(others_use)
        # "... but mine looks normal so far": the writer's own is theirs too, so the writer is on it
        writer_uses = any(self._writer_uses(s) or (self._is("writer_fine", s) and self._is("mine", s)) for s in sentences)
        # "my husband takes it as well and he's wobbly; I feel fine": both use it, the other's are theirs
        if any(uses and self._is("also", s) for uses, s in zip(others_use, sentences)) and any(
                self._is("writer_fine", s) for s in sentences):
            other_uses, writer_uses = False, True
        # "He not use the cream, only me": the one described is not the one on it
        other_does_not = any(self._is("people", s) and self._is("not_user", s) for s in sentences)
        # "my toddler ate some of my tablets": whoever got at the medicine is the one it affects
        ingested = any(self._is("ingested", s) and self._is("product", s) for s in sentences)
        # someone who reports symptoms of their own ("I", not "my mother") is most likely the one on it
        writer_reports = any(self._writers_own(doc, m) for doc, doc_matches in zip(read, matches)
                             for m in doc_matches if m.counted)
        notes = []
        resolved: list[list[ConceptMatch]] = []
        for doc, doc_matches in zip(read, matches):
            resolved.append([])
            for match in doc_matches:
                writer = writer_uses or writer_reports or other_does_not
                if match.flags == (SOMEONE_ELSE,) and (self._writers_body(doc.doc, match)
                                                       or self._is_in(doc, "about_writer", doc.clause(match))):
                    # "my daughter told me my lips look blue", "the mammy says I'm white as a ghost": the writer's own
                    match = match.with_flags(())
                elif match.flags == (SOMEONE_ELSE,) or id(match) in about:
                    sentence = doc.fold(match.sentence)
                    # ConText's scope stops at an aside ("My husband, who doesn't use it, had ..."): then
                    # the sentence, not the clause, says whom it is about
                    clause = sentence if id(match) in about else doc.clause(match)
                    # someone not cared for is named outside the symptom's own words ("snapping at everyone"):
                    # made only when asked, as each match's are its own
                    # nor in another symptom's words ("talking to people who aren't there")
                    hidden = tuple((m.start, m.end) for m in doc_matches if m is not match)
                    others = (partial(doc.outside, match, *doc.sentence(match.start), hidden) if id(match) in about
                              else partial(doc.clause, match, own_words=False, hidden=hidden))
                    if ingested or self._counts(doc, sentence, clause, others, other_uses, writer):
                        if not other_uses:
                            notes.append(self.note)
                        match = replace(match, flags=(),
                                        modifiers=match.modifiers + ((FOR_USER,) if other_uses else (FOR_UNKNOWN,)))
                    elif match.concept in self.emergencies and (self._is_in(doc, "happening_now", sentence)
                                                                or not self._is_in(doc, "history", sentence)):
                        # an emergency happening now is one whoever it happens to ("my friend's lips are
                        # swelling and she can't breathe"); a past one is a history ("my dad had a seizure")
                        notes.append(self.note)
                        match = replace(match, flags=(), modifiers=match.modifiers + (FOR_UNKNOWN,))
                    else:
                        match = match.with_flags((SOMEONE_ELSE,))
                resolved[-1].append(match)
        return resolved, tuple(dict.fromkeys(notes))

    def _sentence_about_someone(self, doc: _Words, match: ConceptMatch) -> bool:
        """The match's sentence opens with another person ("My husband, who ...", "She ...") and
        has no word of the writer's ("I", "I've"), and no "my" stands just before the match."""
        words = doc.opening_words(match.start)
        if not words:
            return False
        opener = words[1] if words[0] in ("my", "our") and len(words) > 1 else words[0]
        if not (self._is_in(doc, "people", opener) or self._is_in(doc, "not_cared", opener)) or self._writers_body(doc.doc, match):
            return False
        return not self._is_in(doc, "writer", doc.fold(match.sentence))  # "... and I've caught it off her" is mine

    def _clause_of_a_friend(self, doc: _Words, match: ConceptMatch) -> bool:
        """The match's clause opens with a friend or neighbour ("..., my neighbour takes the tablets and
        got a clot"), not someone the writer cares for."""
        clause = doc.clause(match)
        if self._writers_body(doc.doc, match) or self._is_in(doc, "writer", clause):
            return False  # "my flatmate and I watched a film and I noticed my ear dribbling": the writer's ear
        return self._opens_with_a_friend(clause, doc)

    def _opens_with_a_friend(self, text: str, doc: _Words) -> bool:
        """`text` opens with a friend or neighbour ("my neighbour ...", "a friend ..."), not an
        address ("Mate, my missus ...")."""
        words = text.split(maxsplit=3)[:3]
        return len(words) > 1 and words[0] in ("my", "our", "a", "an", "the") and self._is_in(doc, "not_cared", " ".join(words[1:]))

    def _after_an_aside(self, doc: _Words, match: ConceptMatch) -> bool:
        """The match's clause has no subject of its own and follows a person and an aside: "my
        husband, who doesn't use any creams, had a small stroke" is the husband's stroke."""
        clause = doc.clause(match)
        if clause.split(" ", 1)[0] not in _SUBJECTLESS or self._writers_body(doc.doc, match):
            return False
        start, end = doc.sentence(match.start)
        # the words before the match hold ", who" only if its whole sentence does (asked first: the
        # words before are each match's own)
        if ", who" not in doc.fold(doc.span(start, end)):
            return False
        before = _fold(doc.span(start, match.start))
        return self._is("people", before) and ", who" in before

    def _writers_own(self, doc: _Words, match: ConceptMatch) -> bool:
        clause = doc.clause(match)
        return self._is_in(doc, "writer", clause) and not self._is_in(doc, "people", clause)

    def _is(self, name: str, text: str) -> bool:
        return self.has[name].search(text) is not None

    def _is_in(self, doc: _Words, name: str, text: str) -> bool:
        """`_is`, asked once per text of a doc: the matches of a clause or sentence share its answer."""
        return doc.memo(("is", name, text), lambda: self._is(name, text))

    def _writer_uses(self, sentence: str) -> bool:
        found = self.writer_uses.search(sentence)
        if found is None or _NEGATION.search(found.group()):
            return False  # "I don't use it"
        if self._is("people", found.group()[1:]) and not self.my_product.search(sentence):
            return False  # "I think she took her tablets": the one between is the one on it ("let her use my tube" is mine)
        # "I put the cream on my son": the writer applies it; the son is the one on it
        return not self._is("people", _CLAUSE_SPLIT.split(sentence[found.end():], maxsplit=1)[0])

    def _other_uses(self, sentence: str) -> bool:
        if self._is("on_behalf", sentence):
            return True
        if self._is("not_user", sentence) or self._writer_uses(sentence) or not self._is("people", sentence):
            return False
        return self._is("use_it", sentence) or (self._is("product", sentence) and self._is("use", sentence))

    def _counts(self, doc: _Words, sentence: str, clause: str, others: Callable[[], str], other_uses: bool,
                writer_uses: bool) -> bool:
        """`others()`: the clause without the match's own words."""
        # "like someone flicked a paintbrush at her" names nobody
        clause = doc.memo(("like", clause), lambda: _LIKE_SOMEONE.sub(" ", clause))
        # "he has a temperature of 39, chills and a sore throat": a list's later items are his too
        if not self._is_in(doc, "people", clause) and not self._is_in(doc, "writer", clause):
            clause = doc.memo(("like", sentence), lambda: _LIKE_SOMEONE.sub(" ", sentence))
        if (not self._is_in(doc, "people", clause) or self._is("not_cared", _LIKE_SOMEONE.sub(" ", others()))
                or self._is_in(doc, "not_user", sentence)):
            return False  # "people say...", "my friend's gums", "his sister, who doesn't use it"
        if self._opens_with_a_friend(sentence, doc):
            return False  # "My neighbour, who uses it too, told me she had bruising" is the neighbour's
        if self._past(doc, sentence, clause):
            return False  # "my dad had a stroke, and now my calf is swollen"; "FHx: father MI, mother DVT"
        return other_uses or not writer_uses

    def _past(self, doc: _Words, sentence: str, clause: str) -> bool:
        return ((self._is_in(doc, "history", clause) and not self._is_in(doc, "recent", clause))
                or self._is_in(doc, "history_heading", sentence))

    def _writers_body(self, doc: Doc, match: ConceptMatch) -> bool:
        """The writer's own body, whoever told them: the match starts right after "my" ("my lips look
        blue"), has the writer in its own words ("better off without me"), or the place named right
        after it is "my" ("a shiny bump on the side of my nose")."""
        first = min(start for start, _end in match.slots)
        if first > 0 and doc[first - 1].lower_ in ("my", "mine"):
            return True
        # the writer in the symptom's own words: "everyone would be better off without me"
        if any(doc[i].lower_ in self.first_person for start, end in match.slots for i in range(start, end)):
            return True
        end = max(end for _start, end in match.slots)
        if end >= len(doc) or doc[end].lower_ not in _PLACE_WORDS:
            return False
        for token in doc[end:min(end + 6, len(doc))]:
            if token.lower_ == "my":
                return True
            if token.lower_ not in _PLACE_WORDS:
                return False
        return False


_PLACE_WORDS = frozenset({"on", "in", "under", "around", "round", "near", "of", "behind", "above", "below", "across",
                          "over", "inside", "at", "along", "beside", "the", "side", "top", "back", "front", "tip"})


class _Words:
    """One doc, read once for what whose-is-it asks of every match: its sentences, where its clauses
    end, each token's place in its text, and the answers already given for a text of it.

    A match's clause is then two bisections and a slice of the text. Walking out from each match
    to the clause's ends, token by token, cost the square of a sentence's length: 10,000 emoji are
    10,000 fever matches in sentences of 1,000 tokens, and took 8 to 20 times an ordinary message.
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        self.answers: dict = {}

    @cached_property
    def text(self) -> str:
        return self.doc.text

    @cached_property
    def offsets(self) -> list[tuple[int, int]]:
        """Where each token starts and ends in `text`."""
        return [(token.idx, token.idx + len(token)) for token in self.doc]

    @cached_property
    def breaks(self) -> list[int]:
        """The tokens that end a clause, in order."""
        return [token.i for token in self.doc if token.lower_ in _CLAUSE_END and _ends_clause(self.doc, token.i)]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return [(sentence.start, sentence.end) for sentence in self.doc.sents]

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [start for start, _end in self.sentences]

    def sentence(self, i: int) -> tuple[int, int]:
        """The start and end of the sentence token `i` is in (as `doc[i].sent`)."""
        return self.sentences[bisect_right(self.sentence_starts, i) - 1]

    def span(self, start: int, end: int) -> str:
        """`doc[start:end].text`, sliced from the doc's text."""
        return self.text[self.offsets[start][0]:self.offsets[end - 1][1]] if end > start else ""

    def memo(self, key, answer):
        """`answer()`, made once per `key` for this doc."""
        if key not in self.answers:
            self.answers[key] = answer()
        return self.answers[key]

    def fold(self, text: str) -> str:
        return self.memo(("fold", text), lambda: _fold(text))

    def opening_words(self, i: int) -> list[str]:
        """The first two words (not punctuation) of token `i`'s sentence, lower case."""
        start, end = self.sentence(i)

        def first_two() -> list[str]:
            words = []
            for token in self.doc[start:end]:
                if not token.is_punct:
                    words.append(token.lower_)
                    if len(words) == 2:
                        break
            return words

        return self.memo(("opening", start), first_two)

    def clause(self, match: ConceptMatch, *, own_words: bool = True, hidden: tuple = ()) -> str:
        """The words of the clause the match starts in, within its sentence, folded (without the
        match's own words when `own_words` is False: "snapping at everyone" names nobody but the one
        snapping)."""
        sentence_start, sentence_end = self.sentence(match.start)
        before = bisect_left(self.breaks, match.start)  # the clause ends before the match, if any
        start = max(sentence_start, self.breaks[before - 1] + 1) if before else sentence_start
        end = match.end
        if end < sentence_end:
            after = bisect_left(self.breaks, end)
            end = min(sentence_end, self.breaks[after]) if after < len(self.breaks) else sentence_end
        if own_words:
            return self.memo(("clause", start, end), lambda: _fold(self.span(start, end)))
        return self.outside(match, start, end, hidden)

    def outside(self, match: ConceptMatch, start: int, end: int, hidden: tuple = ()) -> str:
        """The words from `start` to `end` (token offsets) but the match's own, folded. The words of every
        way the finding could have been said are its own too ("everyone would be better off ... if he
        was dead" names nobody but the one who thinks it); so are the `hidden` spans (start, end)."""
        first = max(start, min(match.reach, default=match.start))
        last = min(end, max(match.reach, default=match.end - 1) + 1)
        spans = [(start, min(match.start, first)), (max(match.end, last), end)]
        for hide_start, hide_end in sorted(hidden):
            spans = [part for begin, stop in spans
                     for part in ((begin, min(stop, hide_start)), (max(begin, hide_end), stop)) if part[1] > part[0]]
        return _fold(" ".join(self.span(begin, stop) for begin, stop in spans))


def _ends_clause(doc: Doc, i: int) -> bool:
    """A comma, a dash between spaces, "but"; not the hyphens of "17-year-old"."""
    token = doc[i]
    if token.lower_ not in _CLAUSE_END:
        return False
    return token.text != "-" or bool(token.whitespace_) or (i > 0 and bool(doc[i - 1].whitespace_))


def _fold(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces, and "13yo" read as "13 yo"."""
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text.lower().replace("\u2019", "'"))
    return " ".join(text.split())


def _group(phrases) -> str:
    alternatives = sorted((re.escape(_fold(p)) for p in phrases), key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


def _any_of(phrases) -> re.Pattern:
    """One regex matching any of `phrases` as whole words ("son" in "son's" too)."""
    return re.compile(_group(phrases))
