"""ConText over spaCy's Matcher: which findings are negated, hypothetical, historical or someone else's.

This is the ConText algorithm (Harkema et al., 2009) as medspaCy 1.3 implements
it, kept to the features knowledge/context.yaml uses (literal or token-pattern
triggers, a category, a direction, an optional max scope), so that it gives
medspaCy's answers without medspaCy's imports (PyRuSH, QuickUMLS, NLTK, numpy):
- triggers are matched on lower-case tokens (literals) or spaCy token patterns;
- overlapping triggers are pruned, the longer kept (medspaCy's own pruning order);
- a trigger's scope is its sentence in its direction, cut at `max_scope` tokens,
  at a TERMINATE trigger, and at another trigger of its own category;
- a finding whose span overlaps a trigger's scope takes the trigger's category,
  unless the trigger is PSEUDO or TERMINATE, or overlaps or lies inside the finding;
- one addition to medspaCy's directions: an ALONE trigger ("?") reaches its whole sentence
  only when the sentence holds nothing but findings, punctuation and the rule's fillers, so
  that a bare "rash?" or "nosebleeds or bruising??" asks about them.

The component finishes the lexicon's matches: `doc._.triage_matches` leaves it
with each match's flags set.
"""


import pickle
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .knowledge_types import ContextRule

# ConText categories (knowledge/context.yaml) -> the flags a finding carries
CATEGORY_FLAGS = {
    "NEGATED_EXISTENCE": "negated",
    "HYPOTHETICAL": "hypothetical",
    "HISTORICAL": "historical",
    "FAMILY": "someone_else",
}


@dataclass
class _Trigger:
    """One matched context rule and the tokens it reaches (its scope, end exclusive)."""

    rule: ContextRule
    start: int
    end: int
    scope_start: int
    scope_end: int
    sentence: tuple[int, int] = (0, 0)  # a scope never leaves its sentence: triggers meet only their sentence's

    def limit_by(self, other: "_Trigger") -> None:
        """Shortens this trigger's scope at `other`, when `other` ends it (medspaCy's limit_scope)."""
        if not _overlaps((self.scope_start, self.scope_end), (other.scope_start, other.scope_end)):
            return
        if self.rule.direction == "TERMINATE":
            return
        if other.rule.direction != "TERMINATE" and other.rule.category != self.rule.category:
            return
        # a PSEUDO trigger's scope is never cut: it only cuts others'
        if self.rule.direction in ("FORWARD", "BIDIRECTIONAL") and other.start > self.start:
            self.scope_end = min(self.scope_end, other.start)
        if self.rule.direction in ("BACKWARD", "BIDIRECTIONAL") and other.end < self.end:
            self.scope_start = max(self.scope_start, other.end)

    def modifies(self, start: int, end: int) -> bool:
        if self.rule.direction in ("TERMINATE", "PSEUDO"):
            return False
        # a trigger that is part of the finding itself ("words won't come out") is not context
        if _overlaps((self.start, self.end), (start, end)) or (start <= self.start and self.end <= end):
            return False
        return _overlaps((self.scope_start, self.scope_end), (start, end))


@Language.factory("triage_context")
def make_context(nlp: Language, name: str):
    return Context(nlp, name)


class Context:
    """spaCy component: sets the ConText flags of the lexicon's matches (after `triage_lexicon`)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.vocab = nlp.vocab
        self.rules: tuple[ContextRule, ...] = ()
        self.literals: dict[str, dict[tuple[str, ...], int]] = {}  # first word -> words -> rule number
        self.matcher = Matcher(nlp.vocab)

    def initialize(self, get_examples=None, *, nlp: Language, rules):
        self.rules = tuple(rules)
        self.literals = {}
        for number, rule in enumerate(self.rules):
            if not rule.pattern:
                words = tuple(t.lower_ for t in nlp.make_doc(rule.literal.lower()))
                self.literals.setdefault(words[0], {})[words] = number
        self._add_patterns()

    def _add_patterns(self) -> None:
        # a token-pattern rule runs only on a message that has the words it cannot match without;
        # its spaCy Matcher is compiled the first time it is needed (most messages need few)
        self.needs = {number: _needs(rule.pattern) for number, rule in enumerate(self.rules) if rule.pattern}
        # (attribute, word) -> the rules whose rarest needed word set holds it; rules needing no word run always
        self.keyed: dict[tuple[str, str], list[int]] = {}
        self.unkeyed: list[int] = []
        for number, needs in self.needs.items():
            sets = [need for need in needs if need[0] != "REGEX"]
            if not sets:
                self.unkeyed.append(number)
                continue
            attr, words = min(sets, key=lambda need: len(need[1]))
            for word in words:
                self.keyed.setdefault((attr, word), []).append(number)
        self.matchers: dict[int, Matcher] = {}

    def _matcher(self, number: int) -> Matcher:
        matcher = self.matchers.get(number)
        if matcher is None:
            matcher = self.matchers[number] = Matcher(self.vocab)
            matcher.add(str(number), [list(self.rules[number].pattern)])
        return matcher

    def to_bytes(self, *, exclude=()) -> bytes:
        return pickle.dumps((self.rules, self.literals), protocol=pickle.HIGHEST_PROTOCOL)

    def from_bytes(self, data: bytes, *, exclude=()) -> "Context":
        self.rules, self.literals = pickle.loads(data)
        self._add_patterns()  # spaCy's Matcher is not serialisable: patterns are compiled when first needed
        return self

    def __call__(self, doc: Doc) -> Doc:
        matches = doc._.triage_matches
        if not matches:  # nothing to negate: skipping the matchers is most of such a message's time
            return doc
        sentences = _sentence_bounds(doc)
        by_sentence = self._triggers(doc, matches, sentences)
        finished = []
        for match in matches:
            # a flag on any slot flags the match: "my calf isn't swollen" negates only "swollen"; a trigger
            # lying inside one of its slots is the finding's own word ("cannot ... an erection")
            triggers = by_sentence.get(sentences[match.start], ())
            found = {CATEGORY_FLAGS[t.rule.category] for t in triggers
                     if t.rule.category in CATEGORY_FLAGS and any(t.modifies(s, e) for s, e in match.slots)
                     and not any(s <= t.start and t.end <= e for s, e in match.slots)}
            if "current" in match.modifiers:  # "none since ... until today": it is back, so it counts
                found -= {"negated", "historical"}
            finished.append(match.with_flags(flag for flag in CATEGORY_FLAGS.values() if flag in found))
        doc._.triage_matches = tuple(finished)
        return doc

    def _triggers(self, doc: Doc, matches, sentences: list[tuple[int, int]]) -> dict[tuple[int, int], list[_Trigger]]:
        """The triggers found, with their scopes, by sentence (`sentences`: each token's sentence bounds)."""
        lower = [t.lower_ for t in doc]
        present = {"LOWER": set(lower), "LEMMA": {t.lemma_ for t in doc}, "ORTH": {t.text for t in doc}}
        keyed = {n for attr, words in present.items() for word in words for n in self.keyed.get((attr, word), ())}
        # in file order: of two rules matching the same words, the first is kept
        found = [(number, start, end)
                 for number in sorted(keyed.union(self.unkeyed))
                 if all(_present(need, present) for need in self.needs[number])
                 for _key, start, end in self._matcher(number)(doc)]
        for i, word in enumerate(lower):
            for words, number in self.literals.get(word, {}).items():
                if tuple(lower[i:i + len(words)]) == words:
                    found.append((number, i, i + len(words)))
        kept = prune(found)
        # a word that is a trigger both ways ("kids with coughs", "sniffly kids") keeps both directions
        kept_at = {(start, end): self.rules[number] for number, start, end in kept}
        kept += [(number, start, end) for number, start, end in found
                 if (rule := kept_at.get((start, end))) is not None and self.rules[number].category == rule.category
                 and {self.rules[number].direction, rule.direction} == {"FORWARD", "BACKWARD"}]
        triggers = [self._trigger(number, start, end, sentences[start]) for number, start, end in kept]
        triggers = [t for t in triggers if t.rule.direction != "ALONE" or _alone(doc, t, matches)]
        # scopes overlap only within a sentence: comparing each sentence's triggers keeps a long
        # message's cost linear in its sentences (sentences are capped at a few dozen tokens)
        in_sentence: dict[tuple[int, int], list[_Trigger]] = {}
        for trigger in triggers:
            in_sentence.setdefault(trigger.sentence, []).append(trigger)
        for group in in_sentence.values():
            for i, first in enumerate(group):
                for second in group[i + 1:]:
                    first.limit_by(second)
                    second.limit_by(first)
        return in_sentence

    def _trigger(self, number: int, start: int, end: int, sentence: tuple[int, int]) -> _Trigger:
        rule = self.rules[number]
        most = rule.max_scope
        if rule.direction == "FORWARD":
            scope = (end, sentence[1] if most is None else min(sentence[1], end + most))
        elif rule.direction == "BACKWARD":
            scope = (sentence[0] if most is None else max(sentence[0], start - most), start)
        elif rule.direction == "ALONE":
            scope = sentence
        else:  # BIDIRECTIONAL, and PSEUDO and TERMINATE, whose scopes only cut others'
            scope = (sentence[0] if most is None else max(sentence[0], start - most),
                     sentence[1] if most is None else min(sentence[1], end + most))
        return _Trigger(rule, start, end, *scope, sentence=sentence)


def _alone(doc: Doc, trigger: _Trigger, matches) -> bool:
    """True when the trigger ends its sentence and the sentence holds nothing but findings,
    punctuation and the rule's fillers: "rash?", "what about nosebleeds?", never "my rash?"."""
    start, end = trigger.scope_start, trigger.scope_end
    if any(not doc[i].is_punct for i in range(trigger.end, end)):
        return False
    covered = {i for m in matches for i in (*range(m.start, m.end), *m.reach) if start <= i < end}
    # a finding's own small words are not enough ("blood in my pee?" is the writer's): only fillers
    return bool(covered) and all(
        (i in covered and not doc[i].is_stop) or doc[i].is_punct or doc[i].is_space
        or doc[i].lower_ in trigger.rule.fillers
        for i in range(start, end) if not trigger.start <= i < trigger.end)


def _needs(pattern) -> tuple[tuple[str, object], ...]:
    """What a pattern cannot match without: (attribute, words) of which one must be in the message,
    or ("REGEX", expression) that one lower-case word must match."""
    needs: list[tuple[str, object]] = []
    for token in pattern:
        if token.get("OP") not in (None, "+", "{1}"):
            continue  # optional, repeated from zero, or negated: it needs no word
        for attr in ("LOWER", "LEMMA", "ORTH"):
            value = token.get(attr)
            if isinstance(value, str):
                needs.append((attr, frozenset([value])))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                needs.append((attr, frozenset(value["IN"])))
            elif attr == "LOWER" and isinstance(value, dict) and set(value) == {"REGEX"}:
                needs.append(("REGEX", re.compile(value["REGEX"])))
    return tuple(needs)


def _present(need: tuple[str, object], words: dict[str, set[str]]) -> bool:
    attr, value = need
    if attr == "REGEX":
        return any(value.search(word) for word in words["LOWER"])
    return not words[attr].isdisjoint(value)


def prune(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Overlapping triggers pruned to the longer, in medspaCy's order (its prune_overlapping_matches).

    Matches are (rule, start, end). After an overlap the next match is not compared
    with the one kept; repeating until nothing changes settles chains of overlaps.
    """
    while matches:
        ordered = sorted(matches, key=lambda m: (m[1], m[2]))
        pruned = []
        current = ordered.pop(0)
        while True:
            if not ordered:
                pruned.append(current)
                break
            following = ordered.pop(0)
            if _overlaps(current[1:], following[1:]):
                pruned.append(max(current, following, key=lambda m: m[2] - m[1]))
                if not ordered:
                    break
                current = ordered.pop(0)
            else:
                pruned.append(current)
                current = following
        if len(pruned) == len(matches):
            return pruned
        matches = pruned
    return matches


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """medspaCy's tuple_overlaps: b starts inside a, or b ends inside a."""
    return a[0] <= b[0] < a[1] or a[0] < b[1] <= a[1]


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the sentence each token is in."""
    bounds: list[tuple[int, int]] = []
    for sentence in doc.sents:
        bounds.extend([(sentence.start, sentence.end)] * (sentence.end - sentence.start))
    return bounds
