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
