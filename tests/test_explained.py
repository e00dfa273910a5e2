"""Symptoms the message explains away or says are over (knowledge/explained.yaml): set aside on
strong evidence only, never silently, and never beside a serious finding of another kind."""

import pytest

from triage import Level


@pytest.mark.parametrize("text", [
    "bruised shin, hit coffee table",
    "Walked into the bed frame last night and now there's a bruise on my shin",
    "i was dizzy after the half marathon yesterday but i drank some water and im fine now",
    "Presyncope after 10k run in 32C heat, resolved with oral fluids.",
    "fever gone since Tuesday",
    "I nicked my thumb on the grater. It bled for a minute, I put a plaster on and it stopped.",
])
def test_explained_a_symptom_with_its_cause_or_end_is_set_aside_not_hidden(bot, text):
    answer = bot.assess(text)
    assert answer.level == Level.NONE
    # never "nothing matches": the headline says what was set aside and what to do if it is happening
    assert answer.headline.startswith("NOTHING COUNTED AS HAPPENING NOW")
    assert "URGENT" in answer.headline


@pytest.mark.parametrize("text, level", [
    ("WHY ARE THERE SO MANY BRUISES ON MY LEGS, I DIDN'T BUMP INTO ANYTHING", Level.URGENT),
    # over an hour despite pressure is bleeding that will not stop: the safety net's emergency
    ("I cut my finger with a knife and it kept oozing for over an hour despite pressure", Level.EMERGENCY),
    ("I felt dizzy after my run and now there's a crushing pain in my chest", Level.EMERGENCY),
    ("ache running down my left arm, I'm dizzy and had to sit down on the kitchen floor", Level.EMERGENCY),
    ("I had a headache yesterday, it's gone now, but now my gums bleed when I brush", Level.URGENT),
    ("I know the wobbly feeling after a long run in the heat. This is different: I'm dizzy sitting at my desk",
     Level.URGENT),
    ("I started getting a squeezing pain in my chest that went up into my jaw, and I'm drenched in sweat",
     Level.EMERGENCY),
])
def test_explained_weak_or_denied_causes_keep_the_symptom(bot, text, level):
    assert bot.assess(text).level == level


def test_explained_a_friends_symptom_told_to_the_writer_stays_hers(bot):
    answer = bot.assess("My neighbour, who also uses this cream, told me she had terrible bruising on it.")
    assert answer.level == Level.NONE
    assert bot.assess("Mate, my missus just went all lopsided in the face and her speech is slurred").level == (
        Level.EMERGENCY)
