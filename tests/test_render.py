"""How an answer looks on a terminal (issue 12): every answer fits one screen, action first.

A frightened person reads the first lines: the level and what to do now. The long explanation
stays in `triage ask --verbose` and the chat's /why; JSON keeps everything."""

import json
import textwrap
from pathlib import Path

import pytest
from conftest import CASES

import triage
from triage import cli, render
from triage.chat_texts import MORE as CHAT_MORE
from triage.conversation import Conversation
from triage.leaflet import parse_leaflet_text
from triage.leaflet_yaml import to_yaml
from triage.types import Level

OTHERS = Path(__file__).parent / "leaflets" / "others"
COLUMNS = (60, 120)


def _cases() -> list[dict]:
    """Every case message of tests/cases (all sets), with the leaflet it names, if any."""
    return [json.loads(line) for path in sorted(CASES.glob("**/*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def answers(bot) -> list:
    """The built-in leaflet's answer to each case message that names no other leaflet."""
    return bot.assess_many([case["text"] for case in _cases() if not case.get("leaflet")])


def _text(bot, answer, columns: int) -> list[str]:
    notes = [note.text for note in bot.knowledge.leaflet.notes]
    return render.to_text(answer, width=columns, more=cli.MORE, item_notes=notes).split("\n")


def _starts_with_the_action(answer, lines: list[str], columns: int) -> bool:
    """The headline (level and what to do now) first; under a counted symptom, the advice right after."""
    headline = textwrap.wrap(answer.headline, columns, break_long_words=False, break_on_hyphens=False)
    if lines[:len(headline)] != headline:
        return False
    if not answer.counted:
        return True
    action = textwrap.wrap(answer.advice[0], columns, break_long_words=False, break_on_hyphens=False)
    return lines[len(headline):len(headline) + len(action)] == action


@pytest.mark.parametrize("columns", COLUMNS)
def test_render_every_case_answer_fits_one_screen_action_first(bot, answers, columns):
    """All 5,700 case messages of the built-in leaflet, every level: at most 24 lines (20 when the
    chat may ask a question under it), none wider than the terminal, the level and what to do first."""
    assert len(answers) > 5000
    for answer in answers:
        lines = _text(bot, answer, columns)
        room = render.ROWS if answer.level is Level.EMERGENCY or not answer.counted else render.ANSWER_ROWS
        assert len(lines) <= room, (len(lines), answer.text)
        assert max(map(len, lines)) <= columns, answer.text
        assert _starts_with_the_action(answer, lines, columns), answer.text
        assert lines[-1].endswith("1-800-FDA-1088.")  # the footer is never left out
        if answer.level is Level.EMERGENCY:
            assert lines[1].startswith("Call 911"), answer.text


def test_render_the_longest_urgent_answer_fits_one_screen(bot):
    """The longest urgent answer in the case files (86 lines at 60 columns before this was fixed): an
    older person puffed out in the garden, pale and washed out, who also mentions age, a statin and
    the garden. The level and the action first, each finding once, the long parts on request."""
    message = next(case["text"] for case in _cases() if case["text"].startswith("Hello, it's hard to put my finger"))
    answer = bot.assess(message)
    assert answer.level is Level.URGENT and len(answer.counted) == 3 and len(answer.questions) == 4
    for columns in COLUMNS:
        lines = _text(bot, answer, columns)
        assert len(lines) <= 20 and max(map(len, lines)) <= columns
        assert lines[0] == "URGENT: contact your doctor now."
        assert lines[1].startswith("Contact your doctor now, today, about this.")
        text = "\n".join(lines)
        assert all(text.count(f"- {f.item} [URGENT]") == 1 for f in answer.counted)
        assert "More detail: triage ask --verbose" in text
    long = " ".join(render.to_text(answer, verbose=True, width=60).split())
    assert 'Heart attack or stroke (Precautions): the leaflet says "Call your doctor right away' in long
    assert "About older adults" in long and "Note: Trouble breathing" in long


def test_render_what_is_left_out_goes_back_in_where_it_fits(bot):
    """At 120 columns the same urgent answer keeps the notes on what would make it an emergency."""
    message = next(case["text"] for case in _cases() if case["text"].startswith("Hello, it's hard to put my finger"))
    wide = "\n".join(_text(bot, bot.assess(message), 120))
    assert "Note: Trouble breathing is on the leaflet's list" in wide and "You also asked about: older adults" in wide


def test_render_a_question_only_answer_fits_and_answers_first(bot):
    answer = bot.assess("Can this cream bring the shingles back? I had them two years ago and I'm going to a wedding, "
                        "and I'm also on a statin, and can I go in the sun?")
    assert answer.level is Level.NONE or not answer.counted
    for columns in COLUMNS:
        lines = _text(bot, answer, columns)
        assert len(lines) <= render.ROWS and lines[-1].endswith("1-800-FDA-1088.")
        assert any(line.startswith("About ") for line in lines)


@pytest.mark.parametrize("columns", COLUMNS)
def test_render_the_chat_reply_with_its_question_fits_one_screen(bot, answers, columns):
    """The chat shows the same short answer, and a follow-up question under it still fits: the
    longest answers of the case files as first messages of a chat."""
    longest = sorted(answers, key=lambda a: len(json.dumps(a.to_dict())), reverse=True)[:40]
    followups = Conversation(bot).followups
    for answer in longest:
        reply = Conversation(bot, followups, width=columns).turn(answer.text).split("\n")
        assert len(reply) <= render.ROWS and max(map(len, reply)) <= columns, answer.text


def test_render_the_chat_and_the_one_shot_answer_alike(bot):
    answer = bot.assess("my gums bleed and I have a headache")
    reply = Conversation(bot, width=60).turn(answer.text)
    notes = [note.text for note in bot.knowledge.leaflet.notes]
    assert reply.startswith(render.to_text(answer, width=60, more=CHAT_MORE, item_notes=notes))


@pytest.mark.parametrize("leaflet", ["insulin-glargine-subcutaneous", "lisinopril-oral", "timolol-ophthalmic",
                                     "montelukast-oral"])
def test_render_other_leaflets_answers_fit_one_screen(tmp_path, leaflet):
    """Imported leaflets (those whose case answers ran longest; montelukast's has a caregiver's
    report of a son's thoughts of suicide, 25 lines at 60 columns until the caregiver note could
    go): every case message for them, one-shot and as a chat's first message, fits one screen at
    60 and 120 columns."""
    path = tmp_path / f"{leaflet}.yaml"
    path.write_text(to_yaml(parse_leaflet_text((OTHERS / f"{leaflet}.txt").read_text(encoding="utf-8"), name=leaflet)),
                    encoding="utf-8")
    bot = triage.load(str(path))
    texts = [case["text"] for case in _cases() if case.get("leaflet") == leaflet]
    assert len(texts) >= 10
    followups = Conversation(bot).followups
    for answer in bot.assess_many(texts):
        for columns in COLUMNS:
            lines = _text(bot, answer, columns)
            assert len(lines) <= render.ROWS and _starts_with_the_action(answer, lines, columns), answer.text
            reply = Conversation(bot, followups, width=columns).turn(answer.text).split("\n")
            assert len(reply) <= render.ROWS and max(map(len, reply)) <= columns, answer.text


def test_render_a_file_or_pipe_gets_the_whole_short_answer(bot):
    """No terminal, nothing to fit: each paragraph one line, the questions answered in full."""
    message = next(case["text"] for case in _cases() if case["text"].startswith("Hello, it's hard to put my finger"))
    text = render.to_text(bot.assess(message), more=cli.MORE)
    assert "About older adults (the leaflet's \"Geriatric\"):" in text and "The leaflet says:" in text
