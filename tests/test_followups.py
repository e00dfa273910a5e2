"""knowledge/followups.yaml: validated on load, and every question is worth asking."""

import copy

import pytest

from triage.errors import KnowledgeError
from triage.followups import load_followups, parse_followups

VALID = {
    "leaflet": "ruxolitinib-topical",
    "answers": {"yes": ["yes", "yep"], "no": ["no", "nope"], "unsure": ["not sure"]},
    "questions": [
        {"id": "headache_sudden", "trigger": "headache", "question": "Did it come on suddenly?",
         "yes": "headache that came on suddenly", "context": "headache, {answer}"},
        {"id": "swelling_where", "trigger": "swelling_unsited", "question": "Where is the swelling?",
         "clarify": "Where is it?", "context": "swelling {answer}", "examples": ["around my eye"]},
    ],
}


def parse(knowledge, change=None):
    data = copy.deepcopy(VALID)
    if change:
        change(data)
    return parse_followups(data, "followups.yaml", knowledge)


def error_of(knowledge, change) -> str:
    with pytest.raises(KnowledgeError) as error:
        parse(knowledge, change)
    return str(error.value)


def test_followups_shipped_file_loads_with_triggers_of_the_leaflet(bot):
    followups = load_followups(bot.knowledge)
    assert followups.questions
    triggers = {q.trigger for q in followups.questions}
    assert {"headache", "cough", "chest tightness", "swelling_unsited"} <= triggers


def test_followups_valid_minimal_file_parses(bot):
    followups = parse(bot.knowledge)
    assert [q.id for q in followups.questions] == ["headache_sudden", "swelling_where"]
    assert followups.questions[1].reading("on my calf") == "swelling on my calf"


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["questions"][0].update(questoin="typo"),
     "followups.yaml: question 'headache_sudden': unknown key 'questoin'"),
    (lambda d: d["questions"][0].update(trigger="headaches"),
     "question 'headache_sudden' > trigger: names 'headaches', which is neither an item"),
    (lambda d: d["answers"].pop("unsure"), "followups.yaml: answers: missing required key 'unsure'"),
    (lambda d: d["questions"].append(dict(d["questions"][0])),
     "question 'headache_sudden': duplicate question id"),
    (lambda d: d["questions"][0].update(context="headache, {answr}"),
     "question 'headache_sudden' > context: expected a template with {answer} once"),
    (lambda d: d["questions"][0].pop("yes"), "question 'headache_sudden': needs 'yes' or 'examples'"),
    (lambda d: d["questions"][1].pop("clarify"), "question 'swelling_where': a question without 'yes' needs"),
    (lambda d: d["questions"][1].pop("context"), "'examples' are read through 'context'"),
    (lambda d: d["answers"]["no"].append("Yep"), "answers > no: 'Yep' is already a 'yes' answer"),
    (lambda d: d["answers"].update(yes=[True]), "answers > yes > [0]: expected a non-empty string, got bool"),
    (lambda d: d["questions"][0].update(unless_site="yes"), "unless_site: expected true or false"),
    (lambda d: d.update(questions=[]), "followups.yaml: questions: expected a list of questions"),
    (lambda d: d.pop("leaflet"), "followups.yaml: missing required key 'leaflet'"),
])
def test_followups_reject_what_they_do_not_understand(bot, change, expected):
    assert expected in error_of(bot.knowledge, change)


def test_followups_unquoted_yes_key_is_caught(bot, tmp_path):
    # YAML reads a bare `yes:` key as the boolean True: it must fail loudly, not be ignored
    path = tmp_path / "followups.yaml"
    path.write_text(
        "leaflet: ruxolitinib-topical\n"
        "answers: {\"yes\": [yep], \"no\": [nope], unsure: [dunno]}\n"
        "questions:\n"
        "  - id: q\n    trigger: headache\n    question: Sudden?\n    yes: sudden headache\n",
        encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r'followups.yaml: question \'q\': key True: YAML reads a bare yes: as true; write "yes": in quotes'):
        load_followups(bot.knowledge, path)


def test_followups_unreadable_files_name_the_file(bot, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("questions: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"broken.yaml: line \d+: not valid YAML"):
        load_followups(bot.knowledge, broken)
    with pytest.raises(KnowledgeError, match="missing.yaml: file not found"):
        load_followups(bot.knowledge, tmp_path / "missing.yaml")


def test_followups_for_another_leaflet_ask_nothing(bot):
    followups = parse(bot.knowledge, lambda d: d.update(leaflet="another-cream"))
    assert followups.questions == ()


@pytest.mark.parametrize("text, kind, rest", [
    ("yes", "yes", ""),
    ("Yep!", "yes", ""),
    ("yes, it came on fast", "yes", "it came on fast"),
    ("nope", "no", ""),
    ("Not really.", "no", ""),
    ("no, but I feel sick", "no", "but I feel sick"),
    ("I don't think so", "no", ""),
    ("no idea", "unsure", ""),  # the longest phrase wins
    ("I\u2019m not sure", "unsure", ""),
    ("on my calf", "other", "on my calf"),
    ("yesterday it started", "other", "yesterday it started"),  # whole words only
])
def test_followups_short_answers_are_read(bot, text, kind, rest):
    answer = load_followups(bot.knowledge).answers.read(text)
    assert (answer.kind, answer.rest) == (kind, rest)


def test_followups_every_question_has_an_answer_that_changes_its_trigger_level(bot):
    """Docs and data agree: a question no answer could change is never worth asking."""
    knowledge = bot.knowledge
    for question in load_followups(knowledge).questions:
        texts = knowledge.links.get(question.trigger, (question.trigger,))
        trigger_levels = {knowledge.leaflet.item(text).level for text in texts}
        answers = [bot.assess(message) for message in question.candidates()]
        assert all(a.counted for a in answers), question.id
        assert any(a.level not in trigger_levels for a in answers), question.id
