"""Text -> concept matches: lexicon phrases and compositions on lemmas, with context flags.

A concept is matched by one of its patterns. A pattern is one or more slots;
each slot is a set of phrases, and every slot must be found in the same
sentence, within the concept's window, with no clause break between them
("swollen" + "calf"; "itchy" + "where I put the cream"). Assertion context
(negated, hypothetical, historical, someone else's) comes from medspaCy's
ConText, which runs on the spans this component leaves in `doc.spans`.
"""


import itertools
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .knowledge import Lexicon

SPAN_KEY = "triage"
FLAG_ATTRIBUTES = {
    "negated": "is_negated",
    "hypothetical": "is_hypothetical",
    "historical": "is_historical",
    "someone_else": "is_family",
}

if not Doc.has_extension("triage_matches"):
    Doc.set_extension("triage_matches", default=())


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
    reach: frozenset = frozenset()  # tokens of every way this finding could have been composed

    @property
    def counted(self) -> bool:
        return not self.flags

    def with_flags(self, flags) -> "ConceptMatch":
        return ConceptMatch(self.concept, self.start, self.end, self.slots, self.words,
                            self.sentence, self.modifiers, self.corrections, tuple(flags), self.reach)


@Language.factory("triage_lexicon", default_config={"span_key": SPAN_KEY})
def make_lexicon_matcher(nlp: Language, name: str, span_key: str):
    return LexiconMatcher(nlp, name, span_key=span_key)


class LexiconMatcher:
    """spaCy component: finds lexicon phrases on lemmas and composes them into concepts."""

    def __init__(self, nlp: Language, name: str, *, span_key: str):
        self.name = name
        self.span_key = span_key
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.lexicon: Lexicon | None = None

    def initialize(self, get_examples=None, *, nlp: Language, lexicon: Lexicon, pattern_docs: dict):
        """`pattern_docs` maps each lexicon phrase to its Doc, made by the pipeline so far."""
        self.lexicon = lexicon
        for phrase, doc in pattern_docs.items():
            self.phrase_matcher.add(phrase, [doc])

    def __call__(self, doc: Doc) -> Doc:
        hits = self._hits(doc)
        matches = []
        for concept in self.lexicon.concepts:
            matches.extend(self._compose(doc, concept, hits))
        doc._.triage_matches = tuple(sorted(matches, key=lambda m: (m.start, m.concept)))
        # One span per slot: ConText ignores a trigger inside its target, and in
        # "stools are normal, not black" the "not" sits between the two slots.
        doc.spans[self.span_key] = [Span(doc, s, e, label=m.concept) for m in matches for s, e in m.slots]
        return doc

    def _hits(self, doc: Doc) -> dict:
        """phrase -> list of (start, end) token offsets where it occurs."""
        hits: dict[str, list] = {}
        strings = doc.vocab.strings
        for match_id, start, end in self.phrase_matcher(doc):
            hits.setdefault(strings[match_id], []).append((start, end))
        return hits

    def _compose(self, doc: Doc, concept, hits: dict) -> list[ConceptMatch]:
        lexicon = self.lexicon
        window = concept.window or lexicon.window
        breaks = [span for phrase in lexicon.breaks for span in hits.get(phrase, ())]
        blockers = [span for phrase in concept.unless for span in hits.get(phrase, ())]
        sites = {span for phrase in lexicon.sites for span in hits.get(phrase, ())}
        joiners = {i for phrase in lexicon.joiners for s, e in hits.get(phrase, ()) for i in range(s, e)}
        found = []
        taken: set[int] = set()  # a word serves one match of a concept, whichever pattern found it
        combos = []
        for pattern in concept.patterns:
            candidates = [[span for phrase in slot for span in hits.get(phrase, ())] for slot in pattern]
            if not all(candidates):
                continue
            for combo in itertools.product(*candidates):
                spans = sorted(combo)
                if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
                    continue  # slots overlap: one word cannot fill two slots
                start, end = spans[0][0], spans[-1][1]
                if len(spans) > 1:
                    gap = sum(b[0] - a[1] for a, b in zip(spans, spans[1:]))
                    if gap > window or not _same_sentence(doc, start, end):
                        continue
                    if any(spans[0][1] <= b[0] and b[1] <= spans[-1][0] for b in breaks):
                        continue
                    if self._skips_a_site(spans, sites, joiners):
                        continue
                if any(b[0] < end and start < b[1] for b in blockers):
                    continue
                combos.append((end - start, start, tuple(spans)))
        combos.sort()
        for _width, start, spans in combos:
            tokens = {i for s, e in spans for i in range(s, e)}
            if tokens & taken:
                continue
            taken |= tokens
            # what this finding could also have been made of, so that "cough ... mucus"
            # overrides the plain "cough" even when "bring up ... mucus" was the closer pair
            reach = set(range(spans[0][0], spans[-1][1]))
            for _w, _s, other in combos:
                other_tokens = {i for s, e in other for i in range(s, e)}
                if other_tokens & tokens:
                    reach |= other_tokens
            found.append(self._match(doc, concept, spans, hits, frozenset(reach)))
        return found

    @staticmethod
    def _skips_a_site(spans, sites: set, joiners: set) -> bool:
        """True when a finding reaches past a nearer body site to a farther one.

        In "runny nose and itchy eyes" "runny" belongs to the nose, not the eyes;
        in "swelling in my leg, the ankle and calf" the sites are one list, so
        "swelling" reaches the calf.
        """
        site_slots = [span for span in spans if span in sites]
        if not site_slots:
            return False
        used = {i for s, e in spans for i in range(s, e)}
        inner = [(s, e) for s, e in sites
                 if spans[0][1] <= s and e <= spans[-1][0] and not used & set(range(s, e))]
        site_tokens = {i for s, e in sites for i in range(s, e)}
        for s, e in inner:
            listed = False
            for slot_start, slot_end in site_slots:
                between = range(e, slot_start) if e <= slot_start else range(slot_end, s)
                if all(i in joiners or i in site_tokens for i in between):
                    listed = True
            if not listed:
                return True
        return False

    def _match(self, doc: Doc, concept, spans, hits, reach: frozenset) -> ConceptMatch:
        start, end = spans[0][0], spans[-1][1]
        sentence = doc[start].sent
        modifiers = tuple(
            name for name, phrases in self.lexicon.modifiers.items()
            if name in concept.implies
            or any(sentence.start <= s and e <= sentence.end for p in phrases for s, e in hits.get(p, ()))
        )
        corrections = tuple(
            (doc[i].text, doc[i]._.triage_corrected)
            for s, e in spans for i in range(s, e) if doc[i]._.triage_corrected
        )
        return ConceptMatch(
            concept=concept.id, start=start, end=end, slots=tuple(spans),
            words=tuple(doc[s:e].text for s, e in spans), sentence=sentence.text.strip(),
            modifiers=modifiers, corrections=corrections, reach=reach,
        )


def _same_sentence(doc: Doc, start: int, end: int) -> bool:
    return doc[start].sent.start == doc[end - 1].sent.start


def resolve(matches: list[ConceptMatch], overrides: dict) -> list[ConceptMatch]:
    """Drop matches that an overlapping, more specific concept overrides.

    Only a counted match overrides: in "a rash, not where I use the cream" the
    negated application-site match must not hide the rash.
    """
    kept = []
    for match in matches:
        tokens = {i for s, e in match.slots for i in range(s, e)}
        beaten = any(
            other.counted and match.concept in overrides.get(other.concept, ()) and tokens & other.reach
            for other in matches
        )
        if not beaten:
            kept.append(match)
    return kept


def read_matches(doc: Doc, overrides: dict, span_key: str = SPAN_KEY) -> list[ConceptMatch]:
    """The doc's concept matches with ConText's flags, after overrides are applied."""
    slot_flags: dict[tuple, set] = {}
    for span in doc.spans[span_key] if span_key in doc.spans else ():
        key = (span.start, span.end, span.label_)
        slot_flags.setdefault(key, set()).update(
            flag for flag, attr in FLAG_ATTRIBUTES.items() if getattr(span._, attr, False))
    flagged = []
    for match in doc._.triage_matches:
        # a flag on any slot flags the match: "my calf isn't swollen" negates only "swollen"
        found = set().union(*(slot_flags.get((s, e, match.concept), set()) for s, e in match.slots))
        flagged.append(match.with_flags(flag for flag in FLAG_ATTRIBUTES if flag in found))
    return resolve(flagged, overrides)
