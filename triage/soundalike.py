"""Dictation's mishearings, corrected toward lexicon words only where the context confirms them.

Speech-to-text writes "shortness of bread", "a chess pain", "fee ver". A word is
read as a lexicon word that sounds like it (Metaphone keys from jellyfish, equal or
one sound apart, with a close spelling) only when the lexicon word then completes a
lexicon phrase with its neighbours ("shortness of breath"), and never when the word
is itself a lexicon word. Two fragments that sound like one lexicon word are joined
("fee ver"). Pairs whose sounds differ ("painted" for fainted) come from a table
with their own context words (knowledge/soundalikes.yaml).
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .knowledge_types import HeardAs

MIN_LENGTH = 3  # "P" for pee is left to the lexicon
JOIN_MIN_LENGTH = 6  # two fragments heard for one word: "fee ver", "die area"
JOIN_RATIO = 80  # spelling similarity needed for two fragments read as one word
MAX_PHRASE = 4  # longest lexicon phrase a sound-alike word is checked against
CACHE_SIZE = 20_000  # words remembered with their sound-alike candidates
SAME_KEY_RATIO = 70  # spelling similarity (RapidFuzz ratio) needed for a word that sounds the same
NEAR_KEY_RATIO = 80  # and for one a sound apart ("chess" for chest)


@lru_cache(maxsize=CACHE_SIZE)
def sound_key(word: str) -> str:
    """A Metaphone key that ignores a leading vowel or h/w/y sound and treats 'th' as 't'."""
    key = jellyfish.metaphone(word).replace("0", "T").replace("H", "")
    key = "".join(ch for ch, _ in itertools.groupby(key))  # "KK" -> "K"
    stripped = key.lstrip("AEIOUWY")
    return stripped or key


def _deletions(key: str) -> set[str]:
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}


class SoundAlikes:
    """Finds, for the words of one message, the lexicon words they were probably heard for."""

    def __init__(self, phrases, stop_words, table: tuple[HeardAs, ...], *, window: int = 4,
                 phrase_lemmas=(), lemmas=None):
        self.window = window
        # the lexicon's phrases of two to four words, as lemmas: a sound-alike word must complete one
        phrase_lemmas = frozenset(phrase_lemmas)
        self.phrase_lemmas = frozenset(p for p in phrase_lemmas if 2 <= len(p) <= MAX_PHRASE)
        # word pairs the lexicon says in a row ("scar like" patch): never joined into one word
        self.bigrams = frozenset(p[i:i + 2] for p in phrase_lemmas for i in range(len(p) - 1))
        self.lemma_table = lemmas if lemmas is not None else {}  # word form -> lemma
        self.stop_words = frozenset(stop_words)
        self.partners: dict[str, set[str]] = {}  # words said together in one phrase
        for phrase in phrases:
            words = [w for w in phrase.split() if w.isalpha() and w not in self.stop_words]
            for word in words:
                self.partners.setdefault(word, set()).update(w for w in words if w != word)
        self.content = frozenset(self.partners)
        self.by_key: dict[str, set[str]] = {}
        for word in self.content:
            if len(word) >= MIN_LENGTH:
                for variant in _deletions(sound_key(word)):
                    self.by_key.setdefault(variant, set()).add(word)
        self.table = {heard: entry for entry in table for heard in entry.heard}
        self._alike: dict[str, tuple[str, ...]] = {}
        self._joins: dict[tuple[str, str], str | None] = {}

    def corrections(self, words: list[str], lemmas: list[str]) -> dict[int, tuple[str, int]]:
        """Token index -> (lexicon word meant, tokens it covers: 1, or 2 for a joined pair)."""
        found: dict[int, tuple[str, int]] = {}
        covered: set[int] = set()
        for i in range(len(words) - 1):
            meant = None if i in covered else self._joined(words[i], words[i + 1], (lemmas[i], lemmas[i + 1]))
            if meant:
                found[i] = (meant, 2)
                covered.update((i, i + 1))
        for i in range(len(words)):
            if i not in covered:
                # a word in the table is decided by its entry alone: "short of bread at home" stays bread
                entry = self.table.get(words[i])
                meant = self._heard_as(entry, i, words, lemmas) if entry else self._sounds_like(i, words, lemmas)
                if meant:
                    found[i] = (meant, 1)
        return found

    def _near(self, i: int, lemmas: list[str], words: list[str]) -> set[str]:
        window = self.window
        lo, hi = max(0, i - window), min(len(words), i + window + 1)
        return {w for j in range(lo, hi) if j != i for w in (words[j], lemmas[j])}

    def _heard_as(self, entry: HeardAs, i: int, words: list[str], lemmas: list[str]) -> str | None:
        near = self._near(i, lemmas, words)
        if entry.unless_near and near & set(entry.unless_near):
            return None
        if entry.unless_next and i + 1 < len(words) and words[i + 1] in entry.unless_next:
            return None
        wanted = set(entry.near) if entry.near else self.partners.get(entry.meant, set())
        return entry.meant if near & wanted else None

    def _sounds_like(self, i: int, words: list[str], lemmas: list[str]) -> str | None:
        word = words[i]
        # a word the lexicon itself uses is heard right; only other words may be mishearings
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.stop_words or word in self.content:
            return None
        best = next((meant for meant in self._sounds_alike(word) if self._completes_a_phrase(meant, i, lemmas)), None)
        if best is None or self._completes_a_phrase(word, i, lemmas):
            return None  # the word as written already makes a lexicon phrase here
        return best

    def _sounds_alike(self, word: str) -> tuple[str, ...]:
        """Lexicon words `word` may have been heard for, best spelling first (remembered per word)."""
        found = self._alike.get(word)
        if found is None:
            if len(self._alike) >= CACHE_SIZE:  # words come from messages: keep the memory bounded
                self._alike.clear()
            key = sound_key(word)
            scored = []
            for meant in set().union(*(self.by_key.get(v, ()) for v in _deletions(key))):
                # people and dictation rarely get the first sound wrong; an inflection is not a mishearing
                if meant[0] != word[0] or meant.startswith(word) or word.startswith(meant):
                    continue
                # the same sound and a close spelling, or one sound apart and a very close spelling
                score = fuzz.ratio(word, meant)
                if score >= (SAME_KEY_RATIO if sound_key(meant) == key else NEAR_KEY_RATIO) \
                        and Levenshtein.distance(key, sound_key(meant)) <= 1:
                    scored.append((-score, meant))
            found = self._alike[word] = tuple(meant for _score, meant in sorted(scored))
        return found

    def _completes_a_phrase(self, word: str, i: int, lemmas: list[str]) -> bool:
        """`word` at position i makes a lexicon phrase with its neighbours ("shortness of breath")."""
        lemma = self.lemma_table.get(word, word)
        for size in range(2, MAX_PHRASE + 1):
            for start in range(max(0, i - size + 1), min(i, len(lemmas) - size) + 1):
                window = tuple(lemma if j == i else lemmas[j] for j in range(start, start + size))
                # the phrase must have another real word in it: "the spins" is no evidence for "the signs"
                if window in self.phrase_lemmas and any(
                        lemmas[j] not in self.stop_words for j in range(start, start + size) if j != i):
                    return True
        return False

    def _joined(self, first: str, second: str, lemmas: tuple[str, str]) -> str | None:
        """The lexicon word two fragments were heard for ("fee ver"), or None."""
        if not (first.isalpha() and second.isalpha()) or len(first) + len(second) < JOIN_MIN_LENGTH:
            return None
        if first in self.stop_words or second in self.stop_words:
            return None  # "is paining", "had stroke", "sensitive to": not one misheard word
        if lemmas in self.bigrams:
            return None  # the lexicon says these two in a row ("scar like" patch)
        pair = (first, second)
        if pair not in self._joins:
            if len(self._joins) >= CACHE_SIZE:
                self._joins.clear()
            self._joins[pair] = self._join(first, second)
        return self._joins[pair]

    def _join(self, first: str, second: str) -> str | None:
        joined = first + second
        key = sound_key(joined)
        if any(meant.startswith(first) and len(meant) - len(first) <= 2 for meant in self.by_key.get(key, ())):
            return None  # "white as" is not "whites": an inflection of the first word is no mishearing
        if any(meant.endswith(second) and len(meant) - len(second) <= 1 for meant in self.by_key.get(key, ())):
            return None  # "hes stumbling" split as "he s stumbling": the second word is already the word
        for meant in sorted(self.by_key.get(key, ())):
            if len(meant) >= JOIN_MIN_LENGTH - 1 and sound_key(meant) == key \
                    and abs(len(meant) - len(joined)) <= 2 and fuzz.ratio(joined, meant) >= JOIN_RATIO:
                return meant
        return None
