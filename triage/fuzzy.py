"""RapidFuzz helpers for typos: pure functions, keyword-only options, None below the cutoff."""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

MIN_LENGTH = 4  # shorter words are too easy to confuse ("hi" and "hip")


def normalise_word(word: str) -> str:
    """The one normalisation used on both sides of a fuzzy comparison."""
    return utils.default_process(word)


def correct(word: str, choices, *, score_cutoff: float = 80.0, min_length: int = MIN_LENGTH) -> str | None:
    """The vocabulary word `word` is most likely a typo of, or None.

    `choices` should be the words the lexicon knows; callers decide first that
    `word` is not a real English word, so that "fiver" is never turned into "fever"
    merely because it is close.
    """
    query = normalise_word(word)
    if len(query) < min_length:
        return None
    best = process.extractOne(query, choices, scorer=_typo_score, processor=None, score_cutoff=score_cutoff)
    if best is None:
        return None
    choice, _score, _index = best
    return choice


def _typo_score(query: str, choice: str, *, score_cutoff: float = 0.0, **_) -> float:
    """Similarity of a typed word and a known word.

    Plain ratio, but words whose first letters differ are penalised: people
    rarely mistype the first letter ("bleding" is bleeding; "vlood" is too far).
    """
    if not choice or abs(len(choice) - len(query)) > 3:
        return 0.0
    score = fuzz.ratio(query, choice, score_cutoff=score_cutoff)
    if choice[0] != query[0]:
        score -= 15.0
    return score if score >= score_cutoff else 0.0


class Corrector:
    """`correct` against fixed choices, remembered per word.

    The memory is bounded: the words come from people's messages, which are
    untrusted and unbounded.
    """

    def __init__(self, choices, *, limit: int = 10_000):
        self.choices = tuple(choices)
        self.limit = limit
        self.memory: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word not in self.memory:
            if len(self.memory) >= self.limit:
                self.memory.clear()
            self.memory[word] = correct(word, self.choices)
        return self.memory[word]
