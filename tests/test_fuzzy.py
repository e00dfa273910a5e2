"""The typo helpers, as pure functions."""

from triage import fuzzy

WORDS = ("fever", "bleeding", "diarrhea", "nausea", "headache", "chills")


def test_fuzzy_correct_finds_the_word_meant():
    assert fuzzy.correct("feaver", WORDS) == "fever"
    assert fuzzy.correct("bleding", WORDS) == "bleeding"
    assert fuzzy.correct("diarhea", WORDS) == "diarrhea"


def test_fuzzy_correct_returns_none_below_the_cutoff_or_for_short_words():
    assert fuzzy.correct("banana", WORDS) is None
    assert fuzzy.correct("fev", WORDS) is None  # too short to guess
    assert fuzzy.correct("feaver", WORDS, score_cutoff=99) is None


def test_fuzzy_corrector_remembers_within_its_limit():
    corrector = fuzzy.Corrector(WORDS, limit=2)
    assert corrector("nausia") == "nausea"
    corrector("headake")
    corrector("chils")  # over the limit: the memory starts again
    assert len(corrector.memory) <= 2


# ------------------------------------------------ native scoring gives the Python scorer's answers

def _reference(word, choices, score_cutoff=80.0):
    """The first round's scorer, in Python: the answers the native scoring must keep."""
    from rapidfuzz import fuzz, process

    def score(query, choice, *, score_cutoff=0.0, **_):
        if not choice or abs(len(choice) - len(query)) > 3:
            return 0.0
        value = fuzz.ratio(query, choice, score_cutoff=score_cutoff)
        if choice[0] != query[0]:
            value -= 15.0
        return value if value >= score_cutoff else 0.0

    query = fuzzy.normalise_word(word)
    if len(query) < fuzzy.MIN_LENGTH:
        return None
    best = process.extractOne(query, choices, scorer=score, processor=None, score_cutoff=score_cutoff)
    return None if best is None else best[0]


def _lexicon_words():
    import triage.knowledge as knowledge

    lexicon = knowledge.load_knowledge().lexicon
    return tuple(sorted({w for p in lexicon.phrases() for w in p.split() if w.isalpha() and len(w) >= 4}))


def test_fuzzy_native_scoring_corrects_typos_of_the_lexicon_as_before():
    from hypothesis import given, settings, strategies as st

    words = _lexicon_words()
    vocabulary = fuzzy.Vocabulary(words)

    @st.composite
    def typos(draw):
        word = draw(st.sampled_from(words))
        i = draw(st.integers(0, len(word) - 1))
        edit = draw(st.sampled_from(["drop", "double", "swap", "replace", "first"]))
        letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
        if edit == "drop":
            return word[:i] + word[i + 1:]
        if edit == "double":
            return word[:i] + word[i] + word[i:]
        if edit == "swap" and i + 1 < len(word):
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if edit == "first":
            return letter + word[1:]
        return word[:i] + letter + word[i + 1:]

    @settings(max_examples=400, deadline=None)
    @given(typos())
    def check(typo):
        assert vocabulary.closest(typo) == _reference(typo, words), typo

    check()
