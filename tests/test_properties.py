"""Properties that must hold for any message (Hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import Level

PHRASES = [
    "my gums bleed", "runny nose", "a bit of a headache", "itchy eyes", "no fever", "my calf is swollen",
    "I threw up", "my dad had a stroke", "what if I get a rash", "diarhea", "chest tightness",
    "I used to get nosebleeds", "feeling great", "the cream works", "ears itch", "a cough with phlegm",
    "hi", "not sure", "and", "but", "also", "since yesterday", "really bad", "suddenly",
]
URGENT = [
    "My gums are bleeding.", "I have a fever.", "I keep throwing up.", "There is blood in my pee.",
    "My calf is swollen and red.", "I am coughing up blood.", "I fainted this morning.",
]
NEGATED = ["I don't have a fever.", "No chest pain.", "There is no blood in my stool.",
           "I have not fainted.", "No swelling anywhere."]

TEXT = st.text(max_size=400)
MESSAGES = st.lists(st.sampled_from(PHRASES), max_size=8).map(", ".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=TEXT)
def test_property_assess_never_raises_on_any_text(bot, text):
    answer = bot.assess(text)
    assert isinstance(answer.level, Level)


@SETTINGS
@given(text=st.one_of(TEXT, MESSAGES), urgent=st.sampled_from(URGENT))
def test_property_level_never_drops_when_an_urgent_sentence_is_appended(bot, text, urgent):
    before = bot.assess(text).level
    after = bot.assess(f"{text}.\n{urgent}").level
    assert after.rank >= max(before.rank, Level.URGENT.rank)


@SETTINGS
@given(text=st.one_of(TEXT, MESSAGES), negated=st.sampled_from(NEGATED))
def test_property_a_negated_symptom_never_raises_the_level(bot, text, negated):
    assert bot.assess(f"{text}.\n{negated}").level.rank <= bot.assess(text).level.rank


@SETTINGS
@given(text=st.one_of(TEXT, MESSAGES))
def test_property_results_are_deterministic(bot, text):
    assert bot.assess(text).to_dict() == bot.assess(text).to_dict()
