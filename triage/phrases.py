"""Known phrases found in a message's lemmas: what spaCy's PhraseMatcher on LEMMA does, as plain data.

A phrase is stored as the tuple of its lemmas, indexed by the first one, so a
message costs one dictionary lookup per token and the index is cheap to save
and load with the rest of the compiled pipeline.
"""

from __future__ import annotations


class PhraseIndex:
    """phrase -> its lemmas; `find(lemmas)` gives phrase -> [(start, end), ...] in order."""

    def __init__(self, phrase_lemmas: dict[str, tuple[str, ...]]):
        # first lemma -> {length: {lemmas: phrases}}: phrases with the same lemmas are all reported
        self.by_first: dict[str, dict[int, dict[tuple[str, ...], tuple[str, ...]]]] = {}
        for phrase, lemmas in sorted(phrase_lemmas.items()):
            if lemmas:
                by_length = self.by_first.setdefault(lemmas[0], {})
                same = by_length.setdefault(len(lemmas), {})
                same[lemmas] = same.get(lemmas, ()) + (phrase,)

    def find(self, lemmas: list[str]) -> dict[str, list[tuple[int, int]]]:
        hits: dict[str, list[tuple[int, int]]] = {}
        size = len(lemmas)
        for start, lemma in enumerate(lemmas):
            for length, known in self.by_first.get(lemma, {}).items():
                end = start + length
                if end <= size:
                    for phrase in known.get(tuple(lemmas[start:end]), ()):
                        hits.setdefault(phrase, []).append((start, end))
        return hits
