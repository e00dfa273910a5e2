"""Behaviour of the matcher library through its public API."""

import pytest

import triage
from triage import Level


def items(answer):
    return {f.item for f in answer.counted}


def test_assess_returns_level_findings_and_advice(bot):
    answer = bot.assess("my gums bleed when I brush")
    assert answer.level is Level.URGENT
    assert answer.level == "urgent"
    finding = answer.counted[0]
    assert finding.item == "bleeding gums"
    assert {"gums", "bleed"} <= set(finding.matched)
    assert finding.why and "bleeding gums" in finding.why[0]
    assert "Contact your doctor now" in answer.advice[0]
    assert "1-800-FDA-1088" in answer.safety


@pytest.mark.parametrize("text, level, item", [
    ("no fever, but my gums bleed", "urgent", "bleeding gums"),
    ("I don't have a fever but I keep throwing up", "urgent", "vomiting"),
    ("no rash, just a runny nose", "routine", "stuffy or runny nose"),
    ("my dad had a stroke, and now my calf is swollen", "urgent", "pain, redness, or swelling in the arm or leg"),
])
def test_assess_negated_or_other_symptom_does_not_hide_a_real_one(bot, text, level, item):
    answer = bot.assess(text)
    assert answer.level == level
    assert item in items(answer)


@pytest.mark.parametrize("text, flag", [
    ("I don't have chest pain", "negated"),
    ("no fever", "negated"),
    ("My dad had a stroke last year", "someone_else"),
    ("I'm the one on the cream; my wife has a terrible cough", "someone_else"),
    ("what if I get a fever?", "hypothetical"),
    ("Could this cream cause blood clots?", "hypothetical"),
    ("I used to get nosebleeds as a kid", "historical"),
    ("the chest pain went away last week", "historical"),
])
def test_assess_context_never_raises_the_level(bot, text, flag):
    answer = bot.assess(text)
    assert answer.level == "none"
    assert answer.not_counted, "the mention is reported, not dropped"
    assert flag in answer.not_counted[0].flags
    assert any("Not counted" in note for note in answer.notes)


@pytest.mark.parametrize("typo, item", [
    ("diarhea since yesterday", "diarrhea"),
    ("I have nausia", "nausea"),
    ("bleding gums", "bleeding gums"),
    ("feaver all night", "fever"),
    ("headake", "headache"),
])
def test_assess_reads_common_typos(bot, typo, item):
    answer = bot.assess(typo)
    assert item in items(answer)
    assert any("read" in why for f in answer.counted for why in f.why)


def test_assess_real_words_are_not_corrected_into_symptoms(bot):
    assert bot.assess("I gave him a fiver").level == "none"


def test_assess_several_symptoms_each_become_a_finding(bot):
    answer = bot.assess("runny nose, mild headache, and my gums have been bleeding a lot")
    assert {"stuffy or runny nose", "headache", "bleeding gums"} <= items(answer)
    assert answer.level == "urgent"  # the most urgent finding sets the level


@pytest.mark.parametrize("text", [
    "crushing pain in my chest",
    "pressure in my chest, left arm aching and sweating",
    "all of a sudden my speech is slurred",
    "suddenly I can't breathe",
    "my calf is swollen and now I'm short of breath",
    "I think I'm having a heart attack",
    "my face is drooping on one side",
])
def test_assess_emergency_signs(bot, text):
    answer = bot.assess(text)
    assert answer.level == "emergency"
    assert any("FDA" in why for f in answer.counted for why in f.why)


@pytest.mark.parametrize("text, level, item", [
    ("cough", "urgent", "cough"),
    ("a cough with phlegm", "routine", "cough producing mucus"),
    ("headache", "routine", "headache"),
    ("worst headache of my life, came on suddenly", "emergency", "severe headaches of sudden onset"),
    ("chest tightness with my cold", "routine", "chest tightness"),
    ("itchy where I put the cream", "routine", "Blemishes, itching, flushing, redness at the application site"),
    ("itchy eyes", "routine", "Burning, dry, or itching eyes"),
    ("swollen calf", "urgent", "pain, redness, or swelling in the arm or leg"),
])
def test_assess_composition_and_modifiers_change_the_item(bot, text, level, item):
    answer = bot.assess(text)
    assert answer.level == level
    assert item in items(answer)


def test_assess_ambiguous_description_takes_the_more_urgent_item_and_says_what_would_change_it(bot):
    answer = bot.assess("something is swollen")
    assert answer.level == "urgent"
    assert any("eyelid" in note for note in answer.notes)


def test_assess_routine_answer_says_what_would_make_it_urgent(bot):
    answer = bot.assess("I have a headache")
    assert answer.level == "routine"
    assert any("suddenly" in note for note in answer.notes)


def test_assess_nothing_matched_is_said_honestly(bot):
    answer = bot.assess("heartburn after spicy food")
    assert answer.level == "none"
    assert answer.findings == ()
    assert "NOT IN THE LEAFLET" in answer.headline


def test_assess_many_keeps_order(bot):
    texts = ["chest pain", "hi", "runny nose", "bleeding gums"]
    levels = [a.level.value for a in bot.assess_many(texts)]
    assert levels == ["emergency", "none", "routine", "urgent"]
    assert [a.text for a in bot.assess_many(texts)] == texts


def test_assess_is_deterministic(bot):
    text = "feaver, chills and a cough with blood, no rash"
    first = bot.assess(text).to_dict()
    assert all(bot.assess(text).to_dict() == first for _ in range(3))


def test_assess_rejects_non_text_and_oversized_messages(bot):
    with pytest.raises(triage.InputError, match="must be text"):
        bot.assess(None)
    with pytest.raises(triage.InputError, match="limit is"):
        bot.assess("a" * (triage.MAX_CHARS + 1))


@pytest.mark.parametrize("text, item", [
    ("my gums bleed, is that a side effect?", "bleeding gums"),
    ("I have a rash, is that normal?", "hives, itching, skin rash"),
    ("I'm not sure if it's related but I keep throwing up", "vomiting"),
    ("my mom says I look pale", "pale skin"),
])
def test_assess_a_question_about_a_real_symptom_still_counts_it(bot, text, item):
    assert item in items(bot.assess(text))


@pytest.mark.parametrize("text, level", [
    ("My friend texted me: 'I've got a fever and chills.' Could she use my cream?", "none"),
    ("I texted my friend: 'I have a fever'", "urgent"),
    ("WHY ARE THERE SO MANY BRUISES ON MY LEGS", "urgent"),
    ("Temp 98.6, BP 118/76, HR 68, all normal.", "none"),
    ("* pale\n* cold hands\n* feel weak all week", "urgent"),
])
def test_assess_quoted_speech_questions_readings_and_lists(bot, text, level):
    assert bot.assess(text).level == level


@pytest.mark.parametrize("text, level", [
    ("had chest pain last year, none since... until today", "emergency"),
    ("fever? nope. chills? nope.", "none"),
    ("fever free for 3 days now", "none"),
    ("I've never had so much as a headache on it.", "none"),
    ("I've never had a rash like this before", "routine"),
    ("can't say I haven't noticed blood when I wipe", "urgent"),
    ("I can't make it to the bathroom without stopping to breathe", "urgent"),
    ("- no fever\n- no cough\n- feeling good", "none"),
])
def test_assess_negation_forms_and_recurrence(bot, text, level):
    assert bot.assess(text).level == level


@pytest.mark.parametrize("text, level, item", [
    ("temp 101.7 and chills", "urgent", "fever"),
    ("Pt reports T 38.9 overnight", "urgent", "fever"),
    ("HR 142 sitting still", "urgent", "fast heartbeat"),
    ("Temp 98.6, pulse 72", "none", None),
    ("my son had a temp of 102", "none", None),
])
def test_assess_reads_measurements(bot, text, level, item):
    answer = bot.assess(text)
    assert answer.level == level
    assert item is None or item in items(answer)
