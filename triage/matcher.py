"""Text -> concept matches: lexicon phrases and compositions on lemmas, with context flags.

A concept is matched by one of its patterns. A pattern is one or more slots;
each slot is a set of phrases, and every slot must be found in the same
sentence, within the concept's window, with no clause break between them
("swollen" + "calf"; "itchy" + "where I put the cream"). Assertion context
(negated, hypothetical, historical, someone else's) is set next, by
`triage_context` (context.py), on the matches this component leaves in
`doc._.triage_matches`.
"""


import bisect
import itertools
import math
import pickle
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from .knowledge_types import Lexicon
from .phrases import PhraseIndex
from .types import ConceptMatch

_DENIALS = frozenset({"not", "never", "no"})  # lemmas of not, n't, never, no
# "does the cream make it come back?", "if it comes back": an onset asked about is not said
_ASKING = frozenset({"make", "if", "whether"})
_NOT_SAID = _DENIALS | _ASKING  # an onset word right after one of these says no onset
NEAREST = 12  # fillers of a slot tried around each first-slot filler
TRIED = NEAREST * NEAREST  # ways tried around each first-slot filler, whatever the number of slots

if not Doc.has_extension("triage_matches"):
    Doc.set_extension("triage_matches", default=())
if not Doc.has_extension("triage_words"):  # the lexicon's DocContext: what later pipes compose with
    Doc.set_extension("triage_words", default=None)


@Language.factory("triage_lexicon")
def make_lexicon_matcher(nlp: Language, name: str):
    return LexiconMatcher(nlp, name)


@dataclass(frozen=True)
class Entry:
    """One thing the engine finds: a lexicon concept, or a usage question's topic.

    Its patterns as sets, ready for fast lookups per message; `concept` is the
    knowledge object it was made from (anything with an id).
    """

    concept: object
    patterns: tuple
    unless: frozenset
    window: int
    unless_said: frozenset = frozenset()  # words as written that drop a match of two or more slots


@dataclass
class DocContext:
    """What every entry's composition needs to know about one message, computed once."""

    hits: dict
    keys: set  # the phrases found
    sentence_of: list
    breaks: list
    sites: set
    joiners: set
    modifiers: dict  # sentence index -> modifier names present in it
    sites_in_order: list = field(default_factory=list)  # the sites sorted, to find those near a few tokens
    longest_site: int = 0  # tokens in the longest site phrase found
    sentence_texts: dict = field(default_factory=dict)  # sentence index -> its text, made once per sentence
    lower: list = field(default_factory=list)  # each token's text in lower case, as written

    def sentence_text(self, doc: Doc, start: int) -> str:
        """The text of the sentence token `start` is in: a long sentence with many matches is copied once."""
        index = self.sentence_of[start]
        text = self.sentence_texts.get(index)
        if text is None:
            text = self.sentence_texts[index] = doc[start].sent.text.strip()
        return text


def compile_entry(concept, default_window: int) -> Entry:
    # one-slot patterns (plain phrases) are merged into one: a concept may have hundreds
    singles = frozenset(phrase for p in concept.patterns if len(p) == 1 for phrase in p[0])
    patterns = tuple(tuple(frozenset(slot) for slot in p) for p in concept.patterns if len(p) > 1)
    if singles:
        patterns = ((singles,),) + patterns
    return Entry(concept, patterns, frozenset(concept.unless), concept.window or default_window,
                 frozenset(getattr(concept, "unless_said", ())))


class LexiconMatcher:
    """spaCy component: finds lexicon phrases on lemmas and composes them into concepts."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.phrases = PhraseIndex({})
        self.lexicon: Lexicon | None = None
        self.compiled: list[Entry] = []
        self.concepts: dict = {}
        self.readings: list = []
        self.index: dict[str, set[int]] = {}

    def initialize(self, get_examples=None, *, nlp: Language, lexicon: Lexicon, phrase_lemmas: dict):
        """`phrase_lemmas` maps each lexicon phrase to its lemmas, as the pipeline reads them."""
        self.lexicon = lexicon
        self.phrases = PhraseIndex(phrase_lemmas)
        self._word_classes()
        self.compiled = [compile_entry(c, lexicon.window) for c in lexicon.concepts]
        self.concepts = {c.id: c for c in lexicon.concepts}
        self.readings = [(reading, frozenset(reading.after)) for reading in lexicon.readings]
        # phrase -> concepts that use it in their first slot: only those can match a message
        for number, compiled in enumerate(self.compiled):
            for pattern in compiled.patterns:
                for phrase in pattern[0]:
                    self.index.setdefault(phrase, set()).add(number)

    def to_bytes(self, *, exclude=()) -> bytes:
        return pickle.dumps((self.lexicon, self.phrases, self.compiled, self.concepts, self.readings, self.index),
                            protocol=pickle.HIGHEST_PROTOCOL)

    def from_bytes(self, data: bytes, *, exclude=()) -> "LexiconMatcher":
        self.lexicon, self.phrases, self.compiled, self.concepts, self.readings, self.index = pickle.loads(data)
        self._word_classes()
        return self

    def _word_classes(self) -> None:
        """The lexicon's onset/severity words, clause breaks, body sites and joiners, for set lookups."""
        lexicon = self.lexicon
        self.modifier_phrases: dict[str, set] = {}  # phrase -> the modifier names it says
        for name, phrases in lexicon.modifiers.items():
            for phrase in phrases:
                self.modifier_phrases.setdefault(phrase, set()).add(name)
        self.breaks = frozenset(lexicon.breaks)
        self.sites = frozenset(lexicon.sites)
        self.joiners = frozenset(lexicon.joiners)
        self.spread = frozenset(lexicon.spread)

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.triage_words = self._context(doc)
        candidates = sorted({n for key in context.keys for n in self.index.get(key, ())})
        matches, normal = self._readings(doc, context)
        for number in candidates:
            matches.extend(m for m in self._compose_compiled(doc, self.compiled[number], context)
                           if (m.concept, m.start) not in normal)
        # ConText (triage_context) flags each slot: in "stools are normal, not black"
        # the "not" sits between the two slots and negates only the second
        doc._.triage_matches = tuple(sorted(matches, key=lambda m: (m.start, m.concept)))
        return doc

    def _readings(self, doc: Doc, context: "DocContext") -> tuple[list[ConceptMatch], set]:
        """Measurements that are symptoms: "temp 101.7", "T 38.9", "HR 142"; and the (concept,
        token) of readings below the line ("my temp is 98.6"), which are no such symptom."""
        found, normal = [], set()
        for reading, after in self.readings:
            concept = self.concepts[reading.concept]
            for phrase in sorted(context.keys & after):  # sorted: the same order whatever the hash seed
                for start, end in context.hits[phrase]:
                    number = next(((i, v) for i in range(end, min(end + 3, len(doc)))
                                   if (v := _number(doc[i].text)) is not None), None)
                    if number is None or context.sentence_of[number[0]] != context.sentence_of[start]:
                        continue
                    index, value = number
                    fahrenheit = reading.at_least_f is not None and value >= reading.fahrenheit_from
                    if value >= (reading.at_least_f if fahrenheit else reading.at_least):
                        spans = ((start, end), (index, index + 1))
                        found.append(self._match(doc, concept, spans, context, frozenset(range(start, index + 1))))
                    else:
                        normal.add((reading.concept, start))
        return found, normal

    def _hits(self, doc: Doc) -> dict:
        """phrase -> list of (start, end) token offsets where it occurs."""
        return self.phrases.find([t.lemma_ for t in doc])

    def _context(self, doc: Doc) -> DocContext:
        hits = self._hits(doc)
        keys = set(hits)
        sentence_of = sentence_index(doc)
        modifiers: dict[int, set] = {}
        for phrase in keys & self.modifier_phrases.keys():
            for start, _end in hits[phrase]:
                # "it wasn't sudden", "it hasn't come back": a denied onset word says the opposite, and an
                # asked one says nothing
                if not any(doc[i].lemma_ in _NOT_SAID for i in range(max(0, start - 2), start)):
                    sentence = sentence_of[start]
                    modifiers.setdefault(sentence, set()).update(self.modifier_phrases[phrase])
                    if sentence and _refers_back(doc, start):  # "... I can't walk straight. It came on all at once."
                        modifiers.setdefault(sentence - 1, set()).update(self.modifier_phrases[phrase])
        sites = {span for phrase in keys & self.sites for span in hits[phrase]}
        return DocContext(
            hits=hits,
            keys=keys,
            sentence_of=sentence_of,
            breaks=[span for phrase in keys & self.breaks for span in hits[phrase]],
            sites=sites,
            joiners={i for phrase in keys & self.joiners for s, e in hits[phrase] for i in range(s, e)},
            modifiers=modifiers,
            sites_in_order=sorted(sites),
            longest_site=max((e - s for s, e in sites), default=0),
            lower=[t.lower_ for t in doc],
        )

    def _compose_compiled(self, doc: Doc, compiled: Entry, context: DocContext) -> list[ConceptMatch]:
        return [self._match(doc, compiled.concept, spans, context, reach) for spans, reach in compose(compiled, context)]

    def _match(self, doc: Doc, concept, spans, context: DocContext, reach: frozenset) -> ConceptMatch:
        start, end = spans[0][0], spans[-1][1]
        present = context.modifiers.get(context.sentence_of[start], set())
        modifiers = tuple(name for name in self.lexicon.modifiers if name in present or name in concept.implies)
        corrections = tuple(
            (doc[i].text, doc[i]._.triage_corrected)
            for s, e in spans for i in range(s, e) if doc[i]._.triage_corrected
        )
        return ConceptMatch(
            concept=concept.id, start=start, end=end, slots=tuple(spans),
            words=tuple(doc[s:e].text for s, e in spans), sentence=context.sentence_text(doc, start),
            modifiers=modifiers, corrections=corrections, reach=reach,
            covers=self._clause(doc, start, end, context) if concept.covers_clause else frozenset(),
        )

    def _clause(self, doc: Doc, start: int, end: int, context: DocContext) -> frozenset:
        """The tokens of the clause around start..end ("where I injected is red, swollen and itchy"),
        or none when the clause says it spreads beyond ("... and now hives all over")."""
        sentence = doc[start].sent
        first, last = sentence.start, sentence.end
        for b_start, b_end in context.breaks:
            if b_end <= start:
                first = max(first, b_end)
            elif b_start >= end:
                last = min(last, b_start)
        if any(first <= s and e <= last for phrase in context.keys & self.spread for s, e in context.hits[phrase]):
            return frozenset()
        return frozenset(range(first, last))


def compose(compiled: Entry, context: DocContext) -> list[tuple[tuple, frozenset]]:
    """Each way `compiled` is said in the message: (slot spans, reach), narrowest first.

    Every slot is filled in one sentence, within the entry's window, with no clause
    break between slots, no finding word taken from a nearer body site, and no
    `unless` phrase overlapping; a word serves one way of saying it.
    """
    hits, keys = context.hits, context.keys
    blockers = [span for phrase in keys & compiled.unless for span in hits[phrase]]
    combos = []
    for pattern in compiled.patterns:
        if any(keys.isdisjoint(slot) for slot in pattern):
            continue  # a slot with nothing found: most patterns of a candidate concept
        # keys & slot walks the few phrases found, not the hundreds a slot may hold
        candidates = [sorted(span for phrase in keys & slot for span in hits[phrase]) for slot in pattern]
        for spans in _combinations(candidates, compiled.window):
            start, end = spans[0][0], spans[-1][1]
            if len(spans) > 1:
                gap = sum(b[0] - a[1] for a, b in zip(spans, spans[1:]))
                if gap > compiled.window or context.sentence_of[start] != context.sentence_of[end - 1]:
                    continue
                if any(spans[0][1] <= b[0] and b[1] <= spans[-1][0] for b in context.breaks):
                    continue
                if _skips_a_site(spans, context.sites, context.joiners, _sites_near(context, start, end)):
                    continue
                # lemmas make "legs" "leg": the word as written says both legs
                if compiled.unless_said and any(context.lower[i] in compiled.unless_said
                                                for s, e in spans for i in range(s, e)):
                    continue
            if any(b[0] < end and start < b[1] for b in blockers):
                continue
            combos.append((end - start, start, spans))
    return _choose(sorted(combos))


def _combinations(candidates: list, window: int):
    """Slot fillers that could lie within `window` of each other, sorted, not overlapping.

    Only fillers near each first-slot filler are tried, so a long message
    costs time in proportion to its length, not its square.
    """
    reach = window + 8  # a phrase is a few tokens long
    for anchor in candidates[0]:
        # the few nearest fillers of each other slot: a message that repeats its words ("red blotch
        # dark center red blotch ...") would otherwise make the product grow with a power of its length
        near = [sorted((span for span in slot if anchor[0] - reach <= span[0] <= anchor[1] + reach),
                       key=lambda span: (_distance(anchor, span), span))[:NEAREST]
                for slot in candidates[1:]]
        # a span found by two phrases of one slot ("blotch", "blotches") is one filler, tried once
        near = [list(dict.fromkeys(fillers)) for fillers in near]
        # and at most TRIED ways in all: with four slots, 12 fillers each would be 1,728 ways per
        # filler of the first; the farthest fillers of the longest lists are left out first
        while math.prod(len(fillers) for fillers in near) > TRIED:
            longest = max(near, key=len)
            del longest[-1]
        for rest in itertools.product(*near):
            spans = sorted((anchor, *rest))
            if all(a[1] <= b[0] for a, b in zip(spans, spans[1:])):  # one word fills one slot
                yield tuple(spans)


def _choose(combos: list) -> list[tuple[tuple, frozenset]]:
    """Narrowest combinations first; a word serves one match of a concept."""
    # token -> the tokens of every combination that uses it (a set per token, kept as they come, so
    # the cost grows with the number of combinations, not with its square)
    cover: dict[int, set] = {}
    for combo in combos:
        tokens = {i for s, e in combo[2] for i in range(s, e)}
        for i in tokens:
            cover.setdefault(i, set()).update(tokens)
    taken: set[int] = set()
    found = []
    for _width, _start, spans in combos:
        tokens = {i for s, e in spans for i in range(s, e)}
        if tokens & taken:
            continue
        taken |= tokens
        # what this finding could also have been made of, so that "cough ... mucus"
        # overrides the plain "cough" even when "bring up ... mucus" was the closer pair
        reach = set(range(spans[0][0], spans[-1][1]))
        for i in tokens:
            reach |= cover[i]
        found.append((spans, frozenset(reach)))
    return found


def _sites_near(context: DocContext, start: int, end: int) -> list:
    """The sites that touch or lie within tokens start..end: the only ones a combination of slots
    there can skip (found by bisection, so that a message naming a site hundreds of times costs
    time in proportion to its length)."""
    ordered = context.sites_in_order
    first = bisect.bisect_left(ordered, (start - context.longest_site,))
    last = bisect.bisect_right(ordered, (end, end + context.longest_site))
    return [site for site in ordered[first:last] if site[1] >= start]


def _skips_a_site(spans, sites: set, joiners: set, near: list) -> bool:
    """True when a finding word belongs to another, nearer body site.

    In "runny nose and itchy eyes" "runny" belongs to the nose, not the eyes,
    and in "itchy eyes, sneezing and a runny nose" too; in "swelling in my
    leg, the ankle and calf" the sites are one list, so "swelling" reaches
    the calf.
    """
    site_slots = [span for span in spans if span in sites]
    if not site_slots:
        return False
    used = {i for s, e in spans for i in range(s, e)}
    # a site can only be between the slots or touch a finding word when it is `near` them; and the
    # tokens checked for sites all lie between the first slot and the last
    others = [site for site in near if not used & set(range(*site))]
    site_tokens = {i for s, e in near for i in range(s, e)}

    def listed_with_a_site_slot(site) -> bool:
        for slot in site_slots:
            between = range(site[1], slot[0]) if site[1] <= slot[0] else range(slot[1], site[0])
            if all(i in joiners or i in site_tokens for i in between):
                return True
        return False

    for finding in (span for span in spans if span not in sites):
        own = min(_distance(finding, slot) for slot in site_slots)
        for site in others:
            between_slots = spans[0][1] <= site[0] and site[1] <= spans[-1][0]
            # a site right next to the finding word takes it ("... a runny nose")
            touching = _distance(finding, site) == 0 and own > 0
            if (between_slots or touching) and not listed_with_a_site_slot(site):
                return True
    return False


_NUMBER = re.compile(r"^(\d{1,3}(?:[.,]\d{1,2})?)(?:°?[fc]|bpm|%)?$", re.IGNORECASE)


def _number(text: str) -> float | None:
    """The value of a reading such as "101.7", "38,9", "101F" or "142bpm", else None."""
    match = _NUMBER.match(text)
    return float(match.group(1).replace(",", ".")) if match else None


_BACK_REFERENCES = frozenset({"it", "this", "that", "they", "these", "which", "all", "everything"})


def _refers_back(doc: Doc, i: int) -> bool:
    """The sentence of token i opens with a word that points at the sentence before ("It started ...")."""
    start = doc[i].sent.start
    return doc[start].lower_ in _BACK_REFERENCES or (start + 1 < len(doc) and doc[start + 1].lower_ in _BACK_REFERENCES
                                                     and doc[start].is_punct)


def _distance(a: tuple, b: tuple) -> int:
    """Tokens between two spans (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


def sentence_index(doc: Doc) -> list[int]:
    """The number of the sentence each token is in."""
    index = [0] * len(doc)
    for number, sentence in enumerate(doc.sents):
        for i in range(sentence.start, sentence.end):
            index[i] = number
    return index


def resolve(matches: list[ConceptMatch], overrides: dict, covered: frozenset = frozenset()) -> list[ConceptMatch]:
    """Drop matches that an overlapping, more specific concept overrides.

    Only a counted match overrides: in "a rash, not where I use the cream" the
    negated application-site match must not hide the rash. Where the product was put
    also overrides, in its whole clause, the `covered` concepts it overrides (the
    generic rash of "where I injected is red, swollen and itchy").
    """
    # (concept, token) where a counted match of a concept that overrides it reaches: one pass over the
    # matches, not one per pair (a message of 10,000 "🤒" is 10,000 matches)
    beaten_at = {(concept, i) for other in matches if other.counted
                 for concept in overrides.get(other.concept, ()) for i in other.reach}
    beaten_at |= {(concept, i) for other in matches if other.counted and other.covers
                  for concept in overrides.get(other.concept, ()) if concept in covered for i in other.covers}
    kept = []
    for match in matches:
        tokens = {i for s, e in match.slots for i in range(s, e)}
        if not any((match.concept, i) in beaten_at for i in tokens):
            kept.append(match)
    return kept
