"""RapidFuzz helpers for typos: pure functions, keyword-only options, None below the cutoff.

The score is RapidFuzz's native `fuzz.ratio`, never a Python scorer: a word is
compared only with known words of about its length, and a word whose first
letter differs must be 15 points closer (people rarely mistype the first
letter: "bleding" is bleeding; "vlood" is too far).
"""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

MIN_LENGTH = 4  # shorter words are too easy to confuse ("hi" and "hip")
MAX_LENGTH_GAP = 3  # "feaver" may be "fever"; "fe" is not "fever"
FIRST_LETTER_PENALTY = 15.0


def normalise_word(word: str) -> str:
    """The one normalisation used on both sides of a fuzzy comparison."""
    return utils.default_process(word)


def correct(word: str, choices, *, score_cutoff: float = 80.0, min_length: int = MIN_LENGTH) -> str | None:
    """The vocabulary word `word` is most likely a typo of, or None.

    `choices` should be the words the lexicon knows; callers decide first that
    `word` is not a real English word, so that "fiver" is never turned into "fever"
    merely because it is close.
    """
    return Vocabulary(choices).closest(word, score_cutoff=score_cutoff, min_length=min_length)


class Vocabulary:
    """Known words grouped by length, for native scoring against the few that could be meant."""

    def __init__(self, choices):
        self.choices = tuple(choices)
        by_length: dict[int, list[int]] = {}
        for index, choice in enumerate(self.choices):
            if choice:
                by_length.setdefault(len(choice), []).append(index)
        # query length -> (indexes into choices, in order; those words): the words it may be a typo of
        self.near: dict[int, tuple[list[int], list[str]]] = {}
        for length in range(MIN_LENGTH, max(by_length, default=0) + MAX_LENGTH_GAP + 1):
            indexes = sorted(i for n in range(length - MAX_LENGTH_GAP, length + MAX_LENGTH_GAP + 1)
                             for i in by_length.get(n, ()))
            self.near[length] = (indexes, [self.choices[i] for i in indexes])

    def closest(self, word: str, *, score_cutoff: float = 80.0, min_length: int = MIN_LENGTH) -> str | None:
        query = normalise_word(word)
        if len(query) < min_length:
            return None
        near, words = self.near.get(len(query), ((), ()))
        if not near:
            return None
        # a different first letter costs FIRST_LETTER_PENALTY, so it needs that much more to pass
        cutoff = min(score_cutoff, 100.0)
        best = None
        for choice, score, at in process.extract(query, words, scorer=fuzz.ratio, processor=None,
                                                 score_cutoff=cutoff, limit=None):
            if choice[0] != query[0]:
                score -= FIRST_LETTER_PENALTY
            if score >= score_cutoff and (best is None or (score, -near[at]) > (best[0], -best[1])):
                best = (score, near[at])
        return None if best is None else self.choices[best[1]]


class Corrector:
    """`correct` against fixed choices, remembered per word.

    The memory is bounded: the words come from people's messages, which are
    untrusted and unbounded.
    """

    def __init__(self, choices, *, limit: int = 10_000):
        self.vocabulary = Vocabulary(choices)
        self.limit = limit
        self.memory: dict[str, str | None] = {}

    @property
    def choices(self) -> tuple[str, ...]:
        return self.vocabulary.choices

    def __call__(self, word: str) -> str | None:
        if word not in self.memory:
            if len(self.memory) >= self.limit:
                self.memory.clear()
            self.memory[word] = self.vocabulary.closest(word)
        return self.memory[word]
