"""`triage chat`: whole conversations through prompt-toolkit's pipe input, a real terminal, and a pipe."""

import io
import os
import re
import subprocess
import sys

import pexpect
import pytest
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from triage import render
from triage.chat import completion_words, interact, make_session
from triage.chat_texts import MORE
from triage.conversation import Conversation
from triage.types import Level

CTRL_C, CTRL_D = "\x03", "\x04"


class _Echoing:
    """The session, showing each line typed as the terminal would, so the transcript reads as a conversation."""

    def __init__(self, session, out):
        self.session = session
        self.out = out

    def prompt(self):
        text = self.session.prompt()
        self.out.write(f"you> {text}\n")
        return text


def transcript(bot, keys: str, **session_options) -> tuple[str, Conversation]:
    """Everything the chat printed for `keys` typed into a prompt-toolkit session."""
    conversation = Conversation(bot)
    out = io.StringIO()
    with create_pipe_input() as pipe:
        session = make_session(conversation, input=pipe, output=DummyOutput(), **session_options)
        pipe.send_text(keys)
        assert interact(conversation, _Echoing(session, out), out) == 0
    return out.getvalue(), conversation


@pytest.fixture()
def say(bot):
    """Helpers that build the expected transcript from the library's own answers."""

    class Say:
        @staticmethod
        def answer(text):
            return render.to_text(bot.assess(text), more=MORE,
                                  item_notes=[note.text for note in bot.knowledge.leaflet.notes])

        @staticmethod
        def headline(level):
            return bot.knowledge.levels.by_level[Level(level)].headline

        @staticmethod
        def turn(line, reply):
            return f"you> {line}\n{reply}\n\n"

        greeting = Conversation(bot).greeting() + "\n\n"
        goodbye = Conversation(bot).goodbye() + "\n\n"
        safety = bot.knowledge.levels.safety

    return Say


# ---------------------------------------------------------------- whole conversations


def test_chat_transcript_headache_follow_ups_and_summary(bot, say):
    out, chat = transcript(bot, "I have a headache\rno\rnope\r/summary\r" + CTRL_D)
    routine = say.headline("routine")
    assert out == (
        say.greeting
        + say.turn("I have a headache", say.answer("I have a headache") + "\n\n"
                   "Question: Did the headache come on suddenly, or is it the worst headache you have "
                   "ever had? (yes / no / not sure)")
        + say.turn("no", f"Thank you.\n\nOverall so far: {routine} Reported: headache.\n\n"
                   "Question: Do you have any trouble speaking, seeing, or moving an arm, a leg or your "
                   "face? (yes / no / not sure)")
        + say.turn("nope", f"Thank you.\n\nOverall so far: {routine} Reported: headache.")
        + say.turn("/summary",
                   "What I have reported while using Ruxolitinib (topical application route) (checked "
                   "against its leaflet):\n"
                   f"Overall: {routine}\n\n"
                   f"{routine}\n"
                   '  - headache. I said: "I have a headache"; asked "Did the headache come on suddenly, or\n'
                   '    is it the worst headache you have ever had?": "no"; asked "Do you have any trouble\n'
                   '    speaking, seeing, or moving an arm, a leg or your face?": "nope"\n\n'
                   f"{say.safety}")
        + say.goodbye
    )
    assert chat.level is Level.ROUTINE


def test_chat_transcript_yes_to_a_sudden_headache_is_an_emergency_at_once(bot, say):
    out, chat = transcript(bot, "I have a headache\ryes\r" + CTRL_D)
    emergency = say.answer("headache that came on suddenly")
    assert emergency.startswith("EMERGENCY")
    assert out.endswith(
        say.turn("yes", emergency + '\n\nTaking that as: "headache that came on suddenly"') + say.goodbye)
    assert chat.level is Level.EMERGENCY


def test_chat_transcript_corrections_clarify_and_short_answers(bot, say):
    keys = "\r".join([
        "I have a fever and a cough",  # cough and fever are both urgent: nothing to ask yet
        "actually no fever",           # takes fever back; now the cough question could matter
        "yes",                         # "yes" to "mucus, or blood?" says neither: ask again
        "mucus",
        "no",
        "my rash went away",           # nothing to take back: not reported
        "/summary",
    ]) + "\r" + CTRL_D
    out, chat = transcript(bot, keys)
    urgent, routine = say.headline("urgent"), say.headline("routine")
    assert out == (
        say.greeting
        + say.turn("I have a fever and a cough", say.answer("I have a fever and a cough"))
        + say.turn("actually no fever", "Taken off the list: fever (you said you do not have it).\n\n"
                   f"Overall so far: {urgent} Reported: cough.\n\n"
                   "Question: Is the cough bringing anything up: mucus (phlegm), or blood?")
        + say.turn("yes", "Is it mucus (phlegm), or blood?")
        + say.turn("mucus", 'Taking that as: "cough, mucus"\n\n' + say.answer("cough, mucus") + "\n\n"
                   "Question: Do you also have a fever or chills, or is there any blood in what you cough "
                   "up? (yes / no / not sure)")
        + say.turn("no", f"Thank you.\n\nOverall so far: {routine} Reported: cough producing mucus.")
        + say.turn("my rash went away", say.answer("my rash went away"))
        + say.turn("/summary",
                   "What I have reported while using Ruxolitinib (topical application route) (checked "
                   "against its leaflet):\n"
                   f"Overall: {routine}\n\n"
                   f"{routine}\n"
                   '  - cough producing mucus. I said: "I have a fever and a cough"; asked "Is the cough\n'
                   '    bringing anything up: mucus (phlegm), or blood?": "mucus"; asked "Do you also have a\n'
                   '    fever or chills, or is there any blood in what you cough up?": "no"\n\n'
                   "Taken back:\n"
                   '  - fever. I said: "actually no fever"\n\n'
                   f"{say.safety}")
        + say.goodbye
    )


def test_chat_the_rash_or_itch_being_gone_takes_it_off_the_list(bot):
    chat = Conversation(bot)
    chat.turn("I have an itchy rash on my arms")
    chat.turn("my calf is swollen")
    reply = chat.turn("the itching went away")
    assert reply.startswith("Taken off the list: hives, itching, skin rash (in the past or already gone).")
    assert list(chat.entries) == ["pain, redness, or swelling in the arm or leg",
                                  "pains in the chest, groin, or legs, especially calves of the legs"]
    assert chat.turn("my calf is not swollen any more").startswith("Taken off the list:")
    assert chat.level is Level.NONE
    assert chat.summary().startswith(
        "What I have reported while using Ruxolitinib (topical application route) (checked against its "
        "leaflet):\nNothing is on the list now.\n\nTaken back:\n"
        '  - hives, itching, skin rash. I said: "the itching went away"\n'
        '  - pain, redness, or swelling in the arm or leg. I said: "my calf is not swollen any\n    more"\n')


def test_chat_swelling_site_answer_is_read_in_context(bot, say):
    out, chat = transcript(bot, "I'm swollen\raround my eye\r" + CTRL_D)
    assert "Question: Where on your body is the swelling? (for example: around an eye" in out
    assert say.turn("around my eye", 'Taking that as: "swelling around my eye"\n\n'
                    + say.answer("swelling around my eye")) in out
    assert chat.level is Level.ROUTINE  # the unsited swelling was replaced by the eye item
    assert list(chat.entries) == ["redness, pain, swelling of the eye, eyelid, or inner lining of the eyelid"]


def test_chat_turns_together_match_an_escalation_rule(bot, say):
    chat = Conversation(bot)
    assert "Question: Did the trouble breathing come on suddenly" in chat.turn("I have trouble breathing")
    chat.turn("no")
    reply = chat.turn("my calf is swollen and sore")
    # one answer, one level: the emergency the turns make together comes first, the turn after it
    assert reply.startswith(f"Taken together with what you told me before:\n\n{say.headline('emergency')}")
    assert f"\n\n{say.headline('urgent')}" in reply  # the turn on its own
    assert "can be a blood clot in the lungs" in reply
    assert "Question:" not in reply
    assert chat.level is Level.EMERGENCY
    assert "Taken together:\n  - trouble breathing with coughing blood" in chat.summary()


def test_chat_taken_together_is_explained_like_a_one_message_answer(bot, say):
    chat = Conversation(bot)
    chat.turn("I have trouble breathing")
    chat.turn("no")
    together = chat.turn("my calf is swollen and sore").split(f"\n\n{say.headline('urgent')}")[0]
    at_once = bot.assess("I have trouble breathing and my calf is swollen and sore")
    assert at_once.level is Level.EMERGENCY
    assert render.to_text(at_once, more=MORE).split("\n\nWhat matched")[0] in together  # the same action
    # the same assess code explains both: /why shows the leaflet's Precautions quotes and tier sentence
    quotes = [line for line in at_once.advice if "the leaflet says" in line.lower()]
    why = chat.turn("/why")
    assert quotes and all(line in why for line in quotes)
    assert chat.turn("why") == why  # without the slash too


# ---------------------------------------------------------------- caregivers and the safety net (issue 9)


def test_chat_asks_whether_the_person_described_uses_the_medicine(bot):
    chat = Conversation(bot)
    reply = chat.turn("my wife has been vomiting all night")
    assert reply.startswith("URGENT")
    assert reply.endswith("Question: Does the person you describe use this medicine? (yes / no / not sure)")
    reply = chat.turn("no")
    assert "Taken off the list: vomiting (about someone who does not use this medicine)." in reply
    assert chat.level is Level.NONE


def test_chat_keeps_a_caregivers_report_when_the_person_uses_it_or_no_one_is_sure(bot):
    for answer in ("yes", "not sure"):
        chat = Conversation(bot)
        chat.turn("my husband has a fever")
        chat.turn(answer)
        assert chat.level is Level.URGENT, answer


def test_chat_not_sure_about_an_emergency_sign_says_what_to_do_if_it_is_there(bot, say):
    chat = Conversation(bot)
    assert "Question: Did the headache come on suddenly" in chat.turn("I have a headache")
    reply = chat.turn("not sure")
    assert f"If it is so: {say.headline('emergency')}" in reply
    assert chat.level is Level.ROUTINE


def test_chat_shows_the_safety_net_and_its_source(bot, say):
    chat = Conversation(bot)
    reply = chat.turn("my lips and tongue are swelling up")
    assert reply.startswith(say.headline("emergency"))
    assert "a severe allergic reaction (anaphylaxis)" in reply
    assert "general emergency guidance" in reply and "not from the leaflet" in reply
    assert "Question:" not in reply


def test_chat_applies_the_safety_net_across_turns(bot, say):
    chat = Conversation(bot)
    chat.turn("I have hives all over my arms")
    reply = chat.turn("and now I'm wheezing")
    assert reply.startswith(f"Taken together with what you told me before:\n\n{say.headline('emergency')}")
    assert chat.level is Level.EMERGENCY
    assert "a severe allergic reaction (anaphylaxis)" in chat.summary()


# ---------------------------------------------------------------- when to ask, when not


def test_chat_an_emergency_is_never_held_behind_a_question(bot):
    chat = Conversation(bot)
    reply = chat.turn("chest pain and a headache")
    assert reply.startswith("EMERGENCY") and "Question:" not in reply and chat.pending is None
    chat.reset()
    assert "Question:" in chat.turn("I have a headache")
    reply = chat.turn("I also have crushing chest pain")  # not an answer: a new, worse symptom
    assert reply.startswith("EMERGENCY") and "Question:" not in reply


@pytest.mark.parametrize("message", [
    "sudden headache",               # already says sudden: a different, emergency item
    "I have a dry cough",            # already says what it brings up
    "my lips are swollen",           # already says where
    "itchy rash on my back",         # already says where
    "runny nose",                    # nothing to ask about
])
def test_chat_does_not_ask_what_the_message_already_said(bot, message):
    chat = Conversation(bot)
    assert "Question:" not in chat.turn(message)


def test_chat_asks_only_when_the_answer_could_change_the_overall_level(bot):
    chat = Conversation(bot)
    chat.turn("I have a fever")
    # the itch question's worst answer is urgent, which the fever already is
    assert "Question:" not in chat.turn("I'm itchy")
    reply = chat.turn("my chest feels tight")
    assert "Question: Is it a pain, pressure or heaviness in your chest" in reply  # could be emergency
    assert chat.turn("it is more of a pressure").startswith("EMERGENCY")


def test_chat_taking_back_the_symptom_asked_about_answers_the_question(bot):
    chat = Conversation(bot)
    chat.turn("I have a headache")
    reply = chat.turn("actually the headache went away")
    assert reply.startswith("Taken off the list: headache")
    assert chat.pending is None and not chat.entries


def test_chat_commands_keep_an_open_question_open(bot):
    chat = Conversation(bot)
    chat.turn("I have a cough")
    reply = chat.turn("what should I tell my doctor?")
    assert reply.startswith("What I have reported while using")
    assert reply.endswith("Question (still open): Is the cough bringing anything up: mucus (phlegm), or blood?")
    assert "Taking that as" in chat.turn("blood")


# ---------------------------------------------------------------- commands and the terminal


def test_chat_commands(bot):
    chat = Conversation(bot)
    assert "/summary" in chat.turn("/help") and "Ctrl-C" in chat.turn("/help")
    listing = chat.turn("/list")
    leaflet = bot.knowledge.leaflet
    for sentence in leaflet.tier_sentences.values():
        assert sentence in listing
    flat = " ".join(listing.split())
    assert all(item.text in flat for item in leaflet.items)
    assert all(group.title in flat for group in leaflet.groups)
    assert chat.turn("/nonsense").startswith("Unknown command '/nonsense'")
    assert chat.turn("yes").startswith("Tell me what you feel")  # no question is open
    chat.turn("fever")
    assert chat.turn("/reset") == "Starting again: nothing is on your list now." and not chat.entries
    assert chat.turn("Bye!").startswith("Take care.") and chat.finished


def test_chat_quit_leaves_and_ctrl_c_stops(bot, say):
    out, chat = transcript(bot, "quit\rchest pain\r")
    assert out == say.greeting + say.turn("quit", chat.goodbye())
    assert not chat.entries
    with pytest.raises(KeyboardInterrupt):  # the command line turns it into one line and exit 130
        transcript(bot, "fever" + CTRL_C + "quit\r")


def test_chat_never_echoes_control_characters(bot):
    chat = Conversation(bot)
    reply = chat.turn("\x1b[2J\x1b]0;owned\x07 I have a fever")
    assert "\x1b" not in reply and "\x07" not in reply
    assert "\x1b" not in chat.summary()
    assert chat.turn("fever " * 5_000).startswith("Sorry, I cannot read that: the message is")


def test_chat_toolbar_shows_the_overall_level(bot, say):
    chat = Conversation(bot)
    session = make_session(chat, input=None, output=DummyOutput())
    assert session.bottom_toolbar() == [("", " Nothing reported yet  |  /help  /quit ")]
    chat.turn("I have a fever")
    style, text = session.bottom_toolbar()[0]
    assert style == "class:level.urgent"
    assert text.strip() == f"{say.headline('urgent')}  |  1 reported  |  /summary  /help  /quit"


def test_chat_completes_leaflet_and_lay_terms(bot):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    words = completion_words(bot.knowledge)
    assert "chest tightness" in words and "Black, tarry stools" in words and "tarry poop" in words
    completer = make_session(Conversation(bot), output=DummyOutput()).completer

    def complete(text):
        return [c.text for c in completer.get_completions(Document(text), CompleteEvent())]

    assert "chest tightness" in complete("my ches")
    assert complete("my c") == []  # no menu on every key


def test_chat_history_stays_in_memory_unless_asked(bot, tmp_path):
    assert isinstance(make_session(Conversation(bot), output=DummyOutput()).history, InMemoryHistory)
    path = tmp_path / "history.txt"
    transcript(bot, "I have a fever\r" + CTRL_D, history_file=str(path))
    assert "I have a fever" in path.read_text(encoding="utf-8")
    assert isinstance(make_session(Conversation(bot), history_file=str(path), output=DummyOutput()).history,
                      FileHistory)


def test_chat_history_file_is_private_and_holds_no_escape_sequences(bot, tmp_path):
    path = tmp_path / "history.txt"
    transcript(bot, "I have a \x1b]0;owned\x07fever\r" + CTRL_D, history_file=str(path))
    assert path.stat().st_mode & 0o777 == 0o600  # symptoms are health data: readable by you only
    text = path.read_text(encoding="utf-8")
    assert "fever" in text and "\x1b" not in text and "\x07" not in text


# ---------------------------------------------------------------- the real command


def _env(**extra):
    env = dict(os.environ, **extra)
    env.pop("PROMPT_TOOLKIT_NO_CPR", None)
    return env


def test_chat_command_in_a_real_terminal(tmp_path, say):
    child = pexpect.spawn(sys.executable, ["-m", "triage", "chat"], env=_env(NO_COLOR="1", TERM="xterm"),
                          cwd=str(tmp_path), encoding="utf-8", timeout=30, dimensions=(40, 120))

    def expect(text):
        """Wait for `text`, answering the terminal's cursor-position requests on the way."""
        while child.expect([re.escape("\x1b[6n"), re.escape(text)]) == 0:
            child.send("\x1b[20;1R")

    try:
        expect("Side-effect check: Ruxolitinib (topical application route)")
        expect("you>")
        child.sendline("I have a headache")
        expect("Question: Did the headache come on suddenly")
        expect(f"{say.headline('routine')}  |  1 reported")  # the toolbar
        child.sendline("yes")
        expect(say.headline("emergency"))
        expect(f"{say.headline('emergency')}  |  1 reported")
        child.sendline("/summary")
        expect("- severe headaches of sudden onset. I said:")
        expect("you>")
        child.send(CTRL_D)
        expect("Take care.")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "fever [URGENT]" not in child.before
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


def _spawn_chat(tmp_path, columns):
    child = pexpect.spawn(sys.executable, ["-m", "triage", "chat"], env=_env(NO_COLOR="1", TERM="xterm"),
                          cwd=str(tmp_path), encoding="utf-8", timeout=30, dimensions=(24, columns))

    def expect(text):
        """Wait for `text`, answering the terminal's cursor-position requests on the way."""
        while child.expect([re.escape("\x1b[6n"), re.escape(text)]) == 0:
            child.send("\x1b[20;1R")

    return child, expect


def test_chat_ctrl_c_at_the_prompt_exits_130_with_one_line(tmp_path):
    child, expect = _spawn_chat(tmp_path, 80)
    try:
        expect("you>")
        child.send("fever")
        child.send(CTRL_C)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before and "triage: interrupted" in child.before
    assert "fever [URGENT]" not in child.before  # the line was never assessed


@pytest.mark.parametrize("columns", [60, 120])
def test_chat_intro_bar_and_an_emergency_fit_the_terminal(tmp_path, columns):
    """A narrow terminal: the intro, the bottom bar and an emergency answer fit its width; the
    emergency answer fits one screen, level and action first; /why gives the long explanation."""
    child, expect = _spawn_chat(tmp_path, columns)
    child.logfile_read = seen = io.StringIO()
    try:
        expect("you>")
        intro = seen.getvalue()
        child.sendline("crushing chest pain and my left arm is numb and I can't breathe and my calf is swollen")
        expect("1-800-FDA-1088")
        answer = seen.getvalue()[len(intro):]
        expect("you>")
        child.sendline("/why")
        expect("The leaflet says:")
        child.send(CTRL_D)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "Side-effect check" in intro and "/summary" in intro
    screen = answer[answer.index("EMERGENCY: get"):answer.rindex("1-800-FDA-1088")].split("\r\n")
    plain = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line) for line in intro.split("\r\n")[1:-1] + screen]
    assert all(len(line.rstrip()) <= columns for line in plain), [line for line in plain if len(line) > columns]
    assert screen[1].startswith("Call 911")  # the first lines: the level, what to do now
    assert len(screen) <= 24
    bar = re.search(r" (EMERGENCY: get emergency help now\.  ?\|[^\x1b]*) \x1b", seen.getvalue())
    assert bar and len(bar.group(1)) + 2 <= columns  # the bottom bar, made to fit


def test_chat_command_reads_piped_lines_in_plain_text(tmp_path):
    script = tmp_path / "messages.txt"
    script.write_bytes(b"I have a headache\nno\nnope\n\n\x1b[31mmy gums bleed\n\xff\xfe\n/summary\nbye\nnever read\n")
    with script.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "triage", "chat"], stdin=stdin, capture_output=True,
                              env=_env(FORCE_COLOR="1"), cwd=str(tmp_path), timeout=60)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 3  # a line was not UTF-8: answered the rest, then said so
    assert "line 6 is not valid UTF-8" in done.stderr.decode("utf-8")
    assert "\x1b" not in out
    assert out.startswith("> I have a headache\nROUTINE")
    assert "Question: Did the headache come on suddenly" in out
    assert "> no\nThank you." in out
    assert "> \N{REPLACEMENT CHARACTER}[31mmy gums bleed\nURGENT" in out
    assert '  - bleeding gums. I said: "\N{REPLACEMENT CHARACTER}[31mmy gums bleed"' in out
    assert "> bye\nTake care.\n" in out
    assert "never read" not in out


# ---------------------------------------------------------------- issue 12: the chat as people use it

@pytest.mark.parametrize("typed, starts", [
    ("help", "Describe what you feel"), ("Help", "Describe what you feel"), ("summary", "Nothing reported yet"),
    ("why", "Nothing to explain yet"), ("list", "The leaflet's side effects"),
])
def test_chat_commands_work_without_the_slash(bot, typed, starts):
    assert Conversation(bot).turn(typed).startswith(starts)


def test_chat_quit_without_the_slash_leaves(bot):
    chat = Conversation(bot)
    assert chat.turn("quit").startswith("Take care.") and chat.finished


@pytest.mark.parametrize("typed, meant", [("/sumary", "/summary"), ("/hlep", "/help"), ("/qiut", "/quit"),
                                          ("/wy", "/why")])
def test_chat_a_mistyped_command_gets_did_you_mean(bot, typed, meant):
    chat = Conversation(bot)
    assert chat.turn(typed) == f"Unknown command '{typed}': did you mean {meant}?"
    assert not chat.finished


@pytest.mark.parametrize("first, back, item", [
    ("I have trouble breathing", "the breathing is fine actually, I was only out of breath from the stairs",
     "trouble breathing"),
    ("I have trouble breathing", "I was only out of breath from the stairs", "trouble breathing"),
    ("I have a headache", "forget the headache, it was nothing", "headache"),
    ("I have a fever and a cough", "I was wrong about the fever", "fever"),
    ("my gums bleed", "the gums are fine now", "bleeding gums"),
    ("I have crushing chest pain", "my chest is fine actually, but my calf is swollen", "chest pain"),
])
def test_chat_taking_something_back_in_ordinary_words(bot, first, back, item):
    chat = Conversation(bot)
    chat.turn(first)
    if chat.pending is not None:
        chat.turn("no")
    reply = chat.turn(back)
    assert f"Taken off the list: {item} (you said it is fine after all)." in reply
    assert item not in chat.entries
    assert item in " ".join(chat.summary().split("Taken back:")[1].split())  # and the summary says so


@pytest.mark.parametrize("back", [
    "my breathing is not fine",               # denied
    "my breathing is still bad, I'm fine otherwise",
    "I feel fine otherwise",                  # names nothing reported
    "is it ok to use the cream when breathing is hard?",  # a question
])
def test_chat_what_is_not_taking_back_keeps_the_symptom(bot, back):
    chat = Conversation(bot)
    chat.turn("I have trouble breathing")
    chat.turn("no")
    chat.turn(back)
    assert "trouble breathing" in chat.entries, back


def test_chat_history_file_is_created_private_by_the_real_command(tmp_path):
    history = tmp_path / "history.txt"
    child = pexpect.spawn(sys.executable, ["-m", "triage", "chat", "--history", str(history)],
                          env=_env(NO_COLOR="1", TERM="xterm"), cwd=str(tmp_path), encoding="utf-8", timeout=30,
                          dimensions=(24, 80))
    try:
        while child.expect([re.escape("\x1b[6n"), "you>"]) == 0:
            child.send("\x1b[20;1R")
        child.sendline("my \x1b[31mgums bleed")  # an escape sequence pasted in: no "mouse event" failure
        while child.expect([re.escape("\x1b[6n"), "URGENT", "Unhandled exception"]) == 0:
            child.send("\x1b[20;1R")
        assert child.after == "URGENT"
        child.send(CTRL_D)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert history.stat().st_mode & 0o777 == 0o600
    text = history.read_text(encoding="utf-8")
    assert "my gums bleed" in text and "\x1b" not in text


def test_chat_a_history_file_that_cannot_be_opened_is_one_line(tmp_path):
    child = pexpect.spawn(sys.executable, ["-m", "triage", "chat", "--history", str(tmp_path / "no" / "such.txt")],
                          env=_env(NO_COLOR="1", TERM="xterm"), cwd=str(tmp_path), encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert child.before.strip() == "triage: cannot open the --history file (No such file or directory)"


def test_chat_piped_a_line_over_the_limit_is_refused_not_echoed(tmp_path):
    """Issue 14: a 20 MB line is read with a bound, refused in one line on standard error, never
    echoed; the lines around it are answered."""
    script = tmp_path / "messages.txt"
    script.write_bytes(b"my gums bleed\n" + b"x" * 20_000_000 + b"\nI have a fever\n")
    with script.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "triage", "chat"], stdin=stdin, capture_output=True,
                              cwd=str(tmp_path), timeout=120)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 3
    assert "line 2 is longer than the limit" in err and len(err) < 500
    assert "xxxxxxxxxx" not in out and len(out) < 20_000
    assert "> my gums bleed\nURGENT" in out and "> I have a fever\nURGENT" in out
