"""Hostile and careless input: a clear answer or a clear message, never a traceback."""

import json
import subprocess
import tempfile
import sys

import pytest

import triage
from triage import cli


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "x", "?", "😀", "🤒🤒🤒", "لدي حمى", "tengo fiebre",
                                  "\u202e\u200b", "\ud800", "a\r\nb", "\x00" * 50, "ＡＢＣ"])
def test_odd_input_is_answered_without_error(bot, text):
    answer = bot.assess(text)
    assert answer.level in ("none", "routine", "urgent", "emergency")
    assert answer.safety


@pytest.mark.parametrize("text, level", [
    ("\x00fever\x00", "urgent"),
    ("\x1b[2J\x1b[31mmy gums bleed\x1b[0m", "urgent"),
    ("ＦＥＶＥＲ and chills", "urgent"),
    ("fe\u200bver", "none"),  # a zero-width space splits the word: no guessing
    ("🤒 fever 🤒", "urgent"),
    ("I have a fever\r\n", "urgent"),
])
def test_odd_input_control_characters_do_not_hide_a_symptom(bot, text, level):
    assert bot.assess(text).level == level


def test_odd_input_over_the_size_limit_is_refused_clearly(bot):
    with pytest.raises(triage.InputError, match="100,000 characters long; the limit is 10,000"):
        bot.assess("x" * 100_000)
    with pytest.raises(triage.InputError, match="the limit is"):
        bot.assess("fever " * 10_000)


def test_odd_input_long_message_under_the_limit_is_assessed(bot):
    answer = bot.assess(("I have a runny nose. " * 400) + "My gums bleed.")
    assert answer.level == "urgent"


def test_odd_input_escape_sequences_are_never_echoed(capsys):
    message = "\x1b[2J\x1b]0;owned\x07\x1b[31mmy gums bleed\x9b31m"
    assert cli.main(["ask", message]) == 0
    text_out = capsys.readouterr().out
    assert cli.main(["ask", "--json", message]) == 0
    json_out = capsys.readouterr().out
    for out in (text_out, json_out):
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert json.loads(json_out)["text"] == message  # the JSON still carries the text, escaped


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\ufeff", "\x85", "\ue000", "\U000f0000", "\U000e0001"])
def test_odd_input_json_escapes_every_control_and_format_character(capsys, hidden):
    # one definition of an unsafe character (text.is_unsafe) for the text answer, the JSON and the matcher
    from triage.text import is_unsafe

    message = f"my gums bleed{hidden} when I brush"
    assert cli.main(["ask", "--json", message]) == 0
    out = capsys.readouterr().out
    assert is_unsafe(hidden) and hidden not in out
    assert json.loads(out)["text"] == message


def test_odd_input_invalid_utf8_on_stdin_exits_3_with_a_message():
    result = subprocess.run([sys.executable, "-m", "triage", "ask"], input=b"my gums \xff\xfe bleed",
                            capture_output=True, cwd=tempfile.gettempdir(), timeout=120)
    assert result.returncode == 3
    assert b"not valid UTF-8" in result.stderr
    assert b"Traceback" not in result.stderr and result.stdout == b""
