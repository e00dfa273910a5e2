"""Questions about using the cream ("I forgot a dose", "can I use a sunbed?"), answered from the leaflet."""

import copy
import dataclasses
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHARED, read_cases
from triage import Level, cli, render
from triage.assess import assess as assess_symptoms
from triage.errors import KnowledgeError
from triage.knowledge import _package_file
from triage.text import check_message, read_message
from triage.schema import normalise
from triage.questions import (LEAFLET_SECTIONS, MAX_QUOTE_WORDS, QuestionAnswer, load_questions, merged_book,
                              parse_questions)

CASES = read_cases("questions.jsonl")
ASKED = [case for case in CASES if case["topics"]]
NOT_ASKED = [case for case in CASES if not case["topics"]]
LEAFLET_TEXT = SHARED / "seeds" / "ruxolitinib-topical.txt"
# every topic the issue names must be in the book and in the dev set
REQUIRED_TOPICS = {
    "missed_dose", "how_often", "how_to_apply", "maximum_amount", "eyes_nose_mouth", "age",
    "do_not_combine", "other_medicines", "no_improvement", "sun", "infections", "checkups",
    "cholesterol", "storage", "disposal", "report_side_effects",
    "pregnancy", "breastfeeding", "cost", "alcohol", "driving",
}


@pytest.fixture(scope="module")
def book(bot):
    return load_questions(bot.knowledge)


@pytest.fixture(scope="module")
def raw_book():
    """The whole book as read: the shared questions.yaml and the pack's own topics."""
    shared = yaml.safe_load(_package_file("questions.yaml").read_text(encoding="utf-8"))
    own = yaml.safe_load(_package_file("ruxolitinib-topical/questions.yaml").read_text(encoding="utf-8"))
    return merged_book(shared, own, "questions.yaml")


def topics(answer) -> list[str]:
    """The book's topics answered ("can it give me a rash?" answers, from the leaflet's lists, are apart)."""
    return [q.topic for q in answer.questions if not q.topic.startswith("side_effect:")]


def answer_text(answer) -> str:
    return " ".join(f"{q.answer} {q.quote}" for q in answer.questions).lower()


# ---------------------------------------------------------------- the dev question set


def test_questions_dev_set_covers_every_topic_the_issue_names(book):
    asked = {topic for case in ASKED for topic in case["topics"]}
    ids = {topic.id for topic in book.topics}
    assert REQUIRED_TOPICS <= ids
    assert ids <= asked, f"topics with no dev case: {sorted(ids - asked)}"
    for topic in ids:  # varied wordings, not one per topic
        if topic in REQUIRED_TOPICS - {"driving"}:
            assert sum(topic in case["topics"] for case in ASKED) >= 3, topic


@pytest.mark.parametrize("case", ASKED, ids=[case["text"][:50] for case in ASKED])
def test_questions_dev_case_answers_its_topics_with_the_leaflets_facts(bot, case):
    answer = bot.assess(case["text"])
    assert sorted(topics(answer)) == sorted(case["topics"])
    text = answer_text(answer)
    for fact in case["facts"]:
        assert fact.lower() in text, f"{fact!r} missing from the answer"
    if "level" in case:
        assert answer.level == case["level"]
    if "level_not" in case:
        assert answer.level != case["level_not"]


@pytest.mark.parametrize("case", NOT_ASKED, ids=[case["text"][:50] for case in NOT_ASKED])
def test_questions_symptom_message_raises_no_question(bot, case):
    assert topics(bot.assess(case["text"])) == []


def test_questions_dev_set_hit_rate_is_total(bot):
    answers = bot.assess_many([case["text"] for case in CASES])
    hits = sum(sorted(topics(a)) == sorted(c["topics"]) for c, a in zip(CASES, answers))
    assert hits == len(CASES)


def test_questions_shared_symptom_cases_raise_no_question_unless_they_ask(bot):
    cases = read_cases_at(SHARED / "eval" / "dev-cases.jsonl")
    answers = bot.assess_many([case["text"] for case in cases])
    asked = {c["text"]: topics(a) for c, a in zip(cases, answers) if topics(a)}
    assert asked == {
        "Can I put it on my eyelids?": ["eyes_nose_mouth"],
        "Is it ok to have a glass of wine while using this?": ["alcohol"],
        "Can I use sunscreen with it?": ["sun"],
        "Is there a generic version?": ["cost"],
        # asked as risks of the medicine: answered from the Precautions (issue 13)
        "I read that it can cause blood clots, is that true?": ["heart_and_clots"],
        "My dad had a stroke last year, should I be worried?": ["heart_and_clots"],
        # found by its cues: the leaflet's regular visits (issue 13)
        "I'm anxious about my dermatologist appointment tomorrow, any tips for what to ask?": ["checkups"],
    }


def read_cases_at(path):
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize("text, facts", [
    ("how much can I use a week?", ["1 tube (60 grams) per week", "1 tube (100 grams) per 2 weeks"]),
    ("it's been two months and no change", ["8 weeks for atopic dermatitis", "24 weeks for nonsegmental vitiligo"]),
    ("can I use it with cyclosporine?", ["azathioprine", "cyclosporine"]),
    ("how do i report a side effect", ["1-800-FDA-1088"]),
    ("can my 8 year old use it?", ["12 years of age and older", "younger than 12"]),
    ("should it go in the fridge?", ["room temperature", "closed container", "freezing", "reach of children"]),
])
def test_questions_answer_holds_the_leaflets_numbers_and_names(bot, text, facts):
    text = answer_text(bot.assess(text))
    for fact in facts:
        assert fact.lower() in text


def test_questions_unanswered_is_honest_and_says_so(bot):
    for text in ("can I use it while pregnant?", "is it safe while breastfeeding", "how much does it cost"):
        (question,) = bot.assess(text).questions
        assert question.answered is False
        assert question.answer == "The leaflet does not say; ask your doctor or pharmacist."
        assert question.quote == "" and question.section == ""


def test_questions_alcohol_quotes_the_general_sentence_and_nothing_more(bot):
    (question,) = bot.assess("can I drink alcohol with it").questions
    assert question.answered is False
    assert question.answer.startswith("The leaflet does not say; ask your doctor or pharmacist.")
    assert "nothing more specific" in question.answer
    assert question.quote == "Discuss with your healthcare professional the use of your medicine with food, alcohol, or tobacco."
    assert question.section == "Other Interactions"


def test_questions_every_quote_is_the_leaflets_own_words_and_short(book):
    if not LEAFLET_TEXT.is_file():
        pytest.skip("the leaflet seed text is not here")
    leaflet = normalise(LEAFLET_TEXT.read_text(encoding="utf-8"))
    for topic in book.topics:
        if topic.quote:
            assert normalise(topic.quote) in leaflet, topic.id
            assert len(topic.quote.split()) <= MAX_QUOTE_WORDS
            assert topic.section in LEAFLET_SECTIONS
        assert topic.answered == bool(topic.quote) or not topic.answered


def test_questions_answered_topics_name_their_section(book):
    for topic in book.topics:
        if topic.answered:
            assert topic.section and topic.quote and topic.answer, topic.id


def test_questions_answer_to_dict_and_to_text():
    question = QuestionAnswer(topic="storage", title="storing it", section="Storage", answer="Keep it cool.",
                              quote="Store the medicine in a closed container.", matched=("fridge",), answered=True)
    assert question.to_dict() == {
        "topic": "storage", "title": "storing it", "answered": True, "answer": "Keep it cool.",
        "section": "Storage", "quote": "Store the medicine in a closed container.", "matched": ["fridge"],
    }
    text = question.to_text()
    assert text.splitlines()[0] == 'About storing it (the leaflet\'s "Storage"):'
    assert 'The leaflet says: "Store the medicine in a closed container."' in text
    assert '(from "fridge")' in text


# ---------------------------------------------------------------- questions and symptoms together


def test_questions_mixed_message_answers_both_and_the_symptom_leads(bot):
    answer = bot.assess("I got cream in my eye and now it's red and swollen")
    assert topics(answer) == ["eyes_nose_mouth"]
    assert answer.counted and answer.level is not Level.NONE
    text = render.to_text(answer)
    assert text.splitlines()[0] == answer.headline
    assert not text.startswith("YOUR QUESTION")
    assert text.index("What matched the leaflet") < text.index("About eyes, nose, mouth or vagina")
    assert "rinse it off right away with water" in text


@pytest.mark.xfail(reason="lexicon: 'and now' is a clause break, so 'red ... eye' does not compose and the "
                          "bare 'swollen' is read as swelling in the arm or leg (lead: lexicon.yaml)", strict=False)
def test_questions_mixed_eye_message_finds_the_eye_side_effect(bot):
    answer = bot.assess("I got cream in my eye and now it's red and swollen")
    assert {f.item for f in answer.counted} == {"redness, pain, swelling of the eye, eyelid, or inner lining of the eyelid"}


@pytest.mark.parametrize("text", [
    "Can I put it on my eyelids?", "can I put it near my mouth", "I got some in my eye",
    "can i go to the tanning salon?", "do i need blood tests?", "can i use it on my lips",
])
def test_questions_asking_creates_no_finding(bot, text):
    answer = bot.assess(text)
    assert answer.questions
    assert answer.level is Level.NONE and answer.findings == ()


def test_questions_only_question_gets_its_own_headline_and_answers_first(bot):
    answer = bot.assess("should it go in the fridge?")
    assert answer.level is Level.NONE
    assert answer.headline == "YOUR QUESTION: what the leaflet says."
    assert "NOT IN THE LEAFLET" not in render.to_text(answer)
    lines = render.to_text(answer).splitlines()
    assert lines[0] == answer.headline and lines[2].startswith("About storing it")


def test_questions_never_change_level_or_findings(bot):
    for case in CASES:
        matches, notes = bot._matches([bot.nlp(case["text"])])
        plain = assess_symptoms(case["text"], matches, bot.knowledge)
        answer = bot.assess(case["text"])
        assert (answer.level, answer.findings, answer.notes) == (plain.level, plain.findings, plain.notes + notes)


def test_questions_assess_many_matches_assess(bot):
    texts = [case["text"] for case in CASES[:40]]
    assert [a.questions for a in bot.assess_many(texts)] == [bot.assess(t).questions for t in texts]


def test_questions_are_listed_in_the_order_asked(bot):
    answer = bot.assess("I forgot my dose. Also, should it go in the fridge? And can I drink wine?")
    assert topics(answer) == ["missed_dose", "storage", "alcohol"]


def test_questions_misspelt_question_words_are_read_as_meant(bot):
    for text, topic in [("fridg?", "storage"), ("do i need sunscrean", "sun"), ("taning bed ok?", "sun"),
                        ("im on azathiaprine", "do_not_combine"), ("alchohol?", "alcohol"),
                        ("breastfeading ok?", "breastfeeding")]:
        assert topics(bot.assess(text)) == [topic], text


def test_questions_should_is_not_shoulder_for_questions(bot):
    # the symptom normaliser reads "should" as "shoulder"; question phrases and messages are read alike
    assert topics(bot.assess("should i cover it with a bandage")) == ["covering"]
    assert topics(bot.assess("Should I wash my hands after?")) == ["how_to_apply"]


def test_questions_tan_colour_is_not_tanning(bot):
    assert bot.assess("my stool is a tan colour").questions == ()
    assert topics(bot.assess("is tanning ok?")) == ["sun"]


# ---------------------------------------------------------------- command line and chat


def test_questions_cli_json_has_questions_beside_findings(capsys):
    code = cli.main(["ask", "--json", "I forgot this morning's dose"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["level"] == "none" and data["findings"] == []
    (question,) = data["questions"]
    assert question["topic"] == "missed_dose" and question["answered"] is True
    assert question["section"] == "Missed Dose"
    assert question["quote"] == "If you miss a dose of this medicine, apply it as soon as possible."
    assert set(question) == {"topic", "title", "answered", "answer", "section", "quote", "matched"}


def test_questions_cli_json_mixed_message_has_both(capsys):
    cli.main(["ask", "--json", "I forgot my dose yesterday and now my gums bleed"])
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == "urgent"
    assert [f["item"] for f in data["findings"]] == ["bleeding gums"]
    assert [q["topic"] for q in data["questions"]] == ["missed_dose"]


def test_questions_cli_json_without_a_question_has_an_empty_questions_field(capsys):
    cli.main(["ask", "--json", "my gums bleed"])
    assert json.loads(capsys.readouterr().out)["questions"] == []  # a steady schema


def test_questions_cli_text_shows_answer_and_leaflet_sentence(capsys):
    code = cli.main(["ask", "how much can I use a week?"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("YOUR QUESTION: what the leaflet says.")
    assert "1 tube (60 grams) per week" in out and "1 tube (100 grams) per 2 weeks" in out
    assert 'The leaflet says: "Do not use more than 1 tube (60 grams) per week' in out


def test_questions_text_never_echoes_control_characters(bot):
    answer = bot.assess("fridge?")
    (question,) = answer.questions
    tampered = dataclasses.replace(answer, questions=(dataclasses.replace(question, matched=("fri\x1b[2Jdge",)),))
    assert "\x1b" not in render.to_text(tampered)


def test_questions_chat_answers_a_question(bot):
    from triage.conversation import Conversation

    reply = Conversation(bot).turn("can I go to the tanning salon?")
    assert "Avoid sunlamps and tanning beds." in reply


# ---------------------------------------------------------------- the knowledge file


def test_questions_other_leaflet_gets_no_answers_about_this_cream(bot, tmp_path):
    # a leaflet without a questions.yaml in its pack answers only side-effect questions
    other = dataclasses.replace(bot.knowledge, origin=str(tmp_path / "other.yaml"),
                                leaflet=dataclasses.replace(bot.knowledge.leaflet, name="some-other-medicine"))
    assert load_questions(other).topics == ()
    # a pack's questions.yaml written for another leaflet gives none of its answers either
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "questions.yaml").write_text(
        _package_file("ruxolitinib-topical/questions.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    other = dataclasses.replace(other, origin=str(tmp_path / "pack"))
    assert load_questions(other).topics == ()


@pytest.mark.parametrize("change, message", [
    (lambda d: d["topics"][0].update(colour="red"), "unknown key 'colour'"),
    (lambda d: d["topics"][0].pop("section"), "missing required key 'section'"),
    (lambda d: d["topics"][0].update(section="Side effects"), "unknown leaflet section 'Side effects'"),
    (lambda d: d["topics"][0].update(quote=" ".join(["word"] * 41)), "too long"),
    (lambda d: d["topics"][1].update(id=d["topics"][0]["id"]), "duplicate topic id"),
    (lambda d: d["topics"][0].update(overrides=["no_such_topic"]), "names unknown topic 'no_such_topic'"),
    (lambda d: d["topics"][0].update(patterns=[["forgot"]]), "two or more slots"),
    (lambda d: d["topics"][0].update(phrases=["@no_such_set"]), "unknown set '@no_such_set'"),
    (lambda d: d["unanswered"][0].update(quote="Some words."), "give 'section' and 'quote' together"),
    (lambda d: d["unanswered"][0].pop("phrases"), "needs 'phrases' or 'patterns'"),
    (lambda d: d.update(window="eight"), "expected a whole number"),
    (lambda d: d["topics"][0]["phrases"].append(True), "expected a non-empty string, got bool True"),
])
def test_questions_bad_file_fails_loudly_naming_file_entry_and_field(raw_book, change, message):
    data = copy.deepcopy(raw_book)
    change(data)
    with pytest.raises(KnowledgeError) as error:
        parse_questions(data, "questions.yaml")
    assert message in str(error.value)
    assert str(error.value).startswith("questions.yaml")


def test_questions_error_names_the_topic(raw_book):
    data = copy.deepcopy(raw_book)
    data["topics"][0]["section"] = "Nowhere"
    with pytest.raises(KnowledgeError, match=re.escape("questions.yaml: topics[0] > topic 'missed_dose' > section")):
        parse_questions(data, "questions.yaml")


# ---------------------------------------------------------------- properties

WORDS = st.sampled_from([
    "fridge", "forgot", "dose", "eye", "in my eye", "got", "cream", "sunbed", "pregnant", "wine", "?", "can",
    "I", "my", "chest pain", "gums bleed", "runny nose", "not", "no", "week", "tube", "how much", "and now",
    "swollen", "calf", "fever", ".", ",", "should", "kids", "cyclosporine", "itchy", "vitiligo", "worse",
])
MESSAGES = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(MESSAGES, TEXT))
def test_questions_property_never_change_the_level_and_render(bot, text):
    matches, _notes = bot._matches([bot.nlp(read_message(check_message(text))[0])])  # read as assess reads it
    plain = assess_symptoms(text, matches, bot.knowledge)
    answer = bot.assess(text)
    assert (answer.level, answer.findings) == (plain.level, plain.findings)
    assert len({q.topic for q in answer.questions}) == len(answer.questions)
    assert all(q.matched and q.answer for q in answer.questions)
    if answer.counted or not answer.questions:
        # a message with nothing to read is asked what the person feels instead
        assert answer.headline in (plain.headline, bot.knowledge.levels.say_more[0])
    if plain.headline != bot.knowledge.levels.by_level[plain.level].headline:
        assert answer.headline == plain.headline  # an urgent mention set aside keeps its headline
    json.loads(render.to_json(answer))
    render.to_text(answer)


# ---------------------------------------------------------------- a side effect asked about (issue 13)

@pytest.mark.parametrize("text, item, sentence", [
    ("can it give me a rash?", "hives, itching, skin rash", "continue or are bothersome"),
    ("what if I get a fever?", "fever", "Check with your doctor immediately"),
    ("is black poop a side effect of this", "Black, tarry stools", "Check with your doctor immediately"),
    ("no fever, but can it cause headaches?", "headache", "continue or are bothersome"),
])
def test_questions_a_listed_side_effect_asked_about_is_answered_from_its_list(bot, text, item, sentence):
    answer = bot.assess(text)
    asked = [q for q in answer.questions if q.topic.startswith("side_effect:")]
    assert [q.answer for q in asked] == [f'Yes: the leaflet lists "{item}" among its side effects.']
    assert sentence in asked[0].quote and asked[0].section == "Side Effects"
    assert answer.level == "none" and "not in the leaflet" not in answer.headline.lower()


def test_questions_a_precautions_warning_sign_asked_about_quotes_its_warning(bot):
    answer = bot.assess("could this cream give me a stroke?")
    asked = [q for q in answer.questions if q.topic.startswith("side_effect:")]
    assert asked and asked[0].section == "Precautions" and "stroke" in asked[0].answer
    assert asked[0].quote.startswith("Call your doctor right away")
    # the set-aside headline stays: if it is happening, it is an emergency
    assert answer.level == "none" and "EMERGENCY" in answer.headline


def test_questions_a_side_effect_said_to_be_happening_gets_no_side_effect_answer(bot):
    answer = bot.assess("I have a rash, can I keep using it?")
    assert answer.level == "routine"
    assert not [q for q in answer.questions if q.topic.startswith("side_effect:")]


def test_questions_side_effect_answers_work_for_an_imported_leaflet(tmp_path):
    from triage import cli, load

    path = tmp_path / "hydrocortisone-topical.yaml"
    seed = Path(__file__).parent / "leaflets" / "hydrocortisone-topical.txt"
    assert cli.main(["import", str(seed), "-o", str(path)]) == 0
    answer = load(str(path)).assess("can this cream cause a rash?")
    assert [q for q in answer.questions if q.topic.startswith("side_effect:")]
    assert answer.level == "none"


@pytest.mark.parametrize("text, item", [
    ("rash?", "hives, itching, skin rash"),
    ("nosebleeds?", "unusual bleeding or bruising"),
    ("blood clots?", "blood clots"),
    ("what about blood clots??", "blood clots"),
    ("chest pain?", "chest pain"),
    ("folliculitis w/ topical rux?", "Burning, itching, and pain in the hairy areas, pus at the root of hair"),
])
def test_questions_a_bare_symptom_with_a_question_mark_is_asked_not_reported(bot, text, item):
    """Nothing but a symptom's name and "?" asks about it; the headline still says what to do if it is happening."""
    answer = bot.assess(text)
    assert answer.level is Level.NONE and answer.findings == ()
    assert any(f.item == item and "hypothetical" in f.flags for f in answer.not_counted)
    if any(f.level.rank >= Level.URGENT.rank for f in answer.not_counted):
        assert "If it is happening" in answer.headline


@pytest.mark.parametrize("text, level", [
    ("my rash?", "routine"),                      # the writer's own
    ("blood in my pee?", "urgent"),
    ("rash on my arm, normal?", "routine"),       # a report with a question
    ("I have a rash. Normal?", "routine"),
    ("nosebleeds every morning?", "urgent"),      # any other word makes it a report
])
def test_questions_a_symptom_said_with_more_words_and_a_question_mark_still_counts(bot, text, level):
    assert bot.assess(text).level == level


@pytest.mark.parametrize("text", [
    "fridge or room temp?",
    "Does it lower your immune system? I work in a nursery full of sniffly kids.",
    "I take Benadryl at night for the itch, can I keep doing that?",
    "could i do it 3 or 4 times a day when its really itchy, will it work faster",
    "I put the cream on my husband's back since his stroke, he can't reach. Anything I should do for myself?",
])
def test_questions_words_that_look_like_a_symptom_of_the_writers_raise_nothing(bot, text):
    answer = bot.assess(text)
    assert answer.level is Level.NONE, answer.findings


def test_questions_iron_does_not_explain_sticky_black_stools(bot):
    # iron darkens stools; sticky, tarry ones are bleeding until a doctor says otherwise
    answer = bot.assess("Is it fine to take iron tablets with it? My poo has gone black and sticky the last couple of days.")
    assert answer.level is Level.URGENT
