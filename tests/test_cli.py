"""The one-shot command, as a person or a script would use it."""

import json
import os
import subprocess
import tempfile
import sys

import pytest

from triage import cli


def run_cli(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_ask_prints_level_advice_items_and_safety_line(capsys):
    code, out, err = run_cli(capsys, "ask", "no fever but my gums bleed")
    assert code == 0 and err == ""
    assert out.startswith("URGENT: contact your doctor now.")
    assert "bleeding gums [URGENT]" in out
    assert "Not counted: 'fever'" in out
    assert "1-800-FDA-1088" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_cli_ask_json_has_the_documented_fields(capsys):
    code, out, _ = run_cli(capsys, "ask", "--json", "my calf is swollen and hot")
    data = json.loads(out)
    assert code == 0
    assert {"text", "level", "advice", "findings"} <= set(data)
    assert data["level"] == "urgent"
    finding = data["findings"][0]
    assert {"item", "level", "matched"} <= set(finding)
    assert finding["matched"] == ["calf", "swollen"]


def test_cli_bare_text_is_a_one_shot_question(capsys):
    code, out, _ = run_cli(capsys, "chest pain")
    assert code == 0 and out.startswith("EMERGENCY")


def test_cli_usage_errors_exit_2(capsys):
    code, _, err = run_cli(capsys, "ask", "--jsonl", "some text")
    assert code == 2 and "--jsonl" in err
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["ask", "--no-such-option"])
    assert exit_info.value.code == 2


def test_cli_unknown_leaflet_is_a_knowledge_error(capsys):
    code, out, err = run_cli(capsys, "ask", "--leaflet", "no-such-drug", "rash")
    assert code == 4 and out == ""
    assert "unknown leaflet 'no-such-drug'" in err


def _triage(*args, stdin=b"", env=None):
    return subprocess.run([sys.executable, "-m", "triage", *args], input=stdin, capture_output=True, cwd=tempfile.gettempdir(),
                          env={**os.environ, **(env or {})}, timeout=120)


def test_cli_jsonl_reads_stdin_line_by_line_in_order():
    lines = "chest pain\r\nmy dad had a stroke\n\nrunny nose\n".encode()
    result = _triage("ask", "--jsonl", stdin=lines)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [o["level"] for o in objects] == ["emergency", "none", "none", "routine"]
    assert objects[0]["text"] == "chest pain"  # Windows line ending removed


def test_cli_jsonl_reports_undecodable_lines_and_goes_on():
    result = _triage("ask", "--jsonl", stdin=b"fever\n\xff\xfe\nrash\n")
    assert result.returncode == 3
    objects = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [o.get("level") for o in objects] == ["urgent", None, "routine"]
    assert "line 2 is not valid UTF-8" in result.stderr.decode()
    assert b"Traceback" not in result.stderr


class _Terminal:
    def isatty(self):
        return True


def test_cli_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from triage import render

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert render.use_colour(_Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not render.use_colour(_Terminal())


def test_cli_text_answer_in_colour_starts_with_the_level_colour(bot):
    from triage import render

    coloured = render.to_text(bot.assess("chest pain"), colour=True)
    assert coloured.startswith(render.COLOURS[bot.assess("chest pain").level])
    assert "EMERGENCY" in coloured


# ---------------------------------------------------------------- closed streams, echoed words (issue 14)

def _run_closed(*args, close=None):
    """The command in a fresh process, with file descriptor `close` (0 or 1) closed before it starts."""
    return subprocess.run([sys.executable, "-m", "triage", *args], capture_output=close != 1,
                          stderr=subprocess.PIPE if close == 1 else None, text=True, timeout=120,
                          cwd=tempfile.gettempdir(), preexec_fn=(lambda: os.close(close)) if close is not None else None)


@pytest.mark.parametrize("args", [["ask", "--jsonl"], ["chat"]])
def test_cli_a_closed_standard_input_reads_as_empty(args):
    result = _run_closed(*args, close=0)
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_cli_a_closed_standard_output_says_so_and_exits_1():
    result = _run_closed("ask", "fever", close=1)
    assert result.returncode == 1
    assert result.stderr.strip() == "triage: standard output is closed; nothing can be answered"


def test_cli_usage_errors_never_echo_the_words_given(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["chat", "my secret rash"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "secret" not in err and 'triage ask "..."' in err


def test_cli_a_folder_given_as_a_leaflet_says_it_is_a_folder(capsys, tmp_path):
    assert cli.main(["ask", "--leaflet", str(tmp_path), "fever"]) == 4
    assert "is a folder without a leaflet.yaml" in capsys.readouterr().err


def test_cli_jsonl_answers_a_line_while_the_writer_waits():
    """A program that writes one message and waits for its answer gets it, line by line (issue 14)."""
    import select

    process = subprocess.Popen([sys.executable, "-m", "triage", "ask", "--jsonl"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
    try:
        for message, level in (("my gums bleed", "urgent"), ("a little itchy rash", "routine")):
            process.stdin.write(message.encode() + b"\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], 90)  # the input stays open
            assert ready, f"no answer to {message!r} while the writer waited"
            assert json.loads(process.stdout.readline())["level"] == level
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    assert process.returncode == 0


# ---------------------------------------------------------------- issue 12: what a user touches first


def test_cli_version_and_the_library_version_agree(capsys):
    import triage

    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip() == f"triage {triage.__version__}"


@pytest.mark.parametrize("typed, meant", [("chta", "chat"), ("compil", "compile"), ("leaflet", "leaflets")])
def test_cli_a_mistyped_command_gets_did_you_mean_not_an_answer(capsys, typed, meant):
    assert cli.main([typed]) == 2
    captured = capsys.readouterr()
    assert f"did you mean '{meant}'" in captured.err and captured.out == ""


def test_cli_a_one_word_symptom_is_still_a_question(capsys):
    assert cli.main(["fever"]) == 0
    assert capsys.readouterr().out.startswith("URGENT")


def test_cli_the_shortcut_takes_asks_options(capsys):
    assert cli.main(["--json", "chest pain"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "emergency"


@pytest.mark.parametrize("text", ["hi", "   ", "Hello, thanks!", "good morning"])
def test_cli_a_greeting_or_blank_message_is_asked_what_you_feel(capsys, text):
    assert cli.main(["ask", text]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TELL ME WHAT YOU FEEL") and "NOT IN THE LEAFLET" not in out


def test_cli_levels_order_by_urgency():
    from triage import Level

    assert Level.EMERGENCY > Level.URGENT > Level.SOON > Level.ROUTINE > Level.NONE
    assert max([Level.ROUTINE, Level.EMERGENCY, Level.URGENT]) is Level.EMERGENCY
    assert sorted([Level.URGENT, Level.NONE, Level.EMERGENCY]) == [Level.NONE, Level.URGENT, Level.EMERGENCY]


# ---------------------------------------------------------------- issue 12: answers a frightened person can read

EMERGENCY_MESSAGE = "crushing chest pain and my left arm is numb and I can't breathe and my calf is swollen"


@pytest.mark.parametrize("columns", [60, 120])
def test_cli_an_emergency_answer_fits_one_screen_action_first(columns):
    result = _triage("ask", EMERGENCY_MESSAGE, env={"COLUMNS": str(columns)})
    lines = result.stdout.decode().rstrip("\n").split("\n")
    assert result.returncode == 0
    assert lines[0] == "EMERGENCY: get emergency help now." and lines[1].startswith("Call 911")
    assert len(lines) <= 24
    assert all(len(line) <= columns for line in lines), [line for line in lines if len(line) > columns]
    text = "\n".join(lines)
    assert "1-800-FDA-1088" in text  # never broken across lines
    assert text.count("FDA Drug Safety Communication") == 1  # the reason once, not once per item
    assert "the leaflet says" not in text  # the Precautions quotes ("call your doctor right away") on request
    assert "More detail: triage ask --verbose" in text


def test_cli_each_finding_once_with_the_words_that_matched(capsys):
    assert cli.main(["ask", "my gums bleed and I have a headache"]) == 0
    out = capsys.readouterr().out
    assert out.count("bleeding gums [URGENT]") == 1 and out.count("headache [ROUTINE]") == 1
    assert 'from "headache"' in out and "why:" not in out
    assert all(out.count(line) == 1 for line in out.splitlines() if "the leaflet says" in line)


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_cli_a_routine_answer_never_says_call_your_doctor_right_away(capsys, verbose):
    assert cli.main(["ask", *verbose, "I have a headache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ROUTINE") and "right away" not in out


def test_cli_verbose_keeps_the_long_explanation(capsys):
    assert cli.main(["ask", "--verbose", EMERGENCY_MESSAGE]) == 0
    out = capsys.readouterr().out
    assert "why: matched 'crushing', 'chest' as chest discomfort" in out
    assert 'Heart attack or stroke (Precautions): the leaflet says "Call your doctor right away' in out
    assert 'The leaflet says: "Check with your doctor immediately' in out
    assert "Note: Trouble breathing is on the leaflet's list" in out
    assert out.count("FDA Drug Safety Communication") == 1  # the source once, each reason under its finding
    assert "More detail" not in out
    assert cli.main(["-v", "fever"]) == 0 and "why: matched 'fever'" in capsys.readouterr().out


def test_cli_text_wraps_at_the_terminal_width_never_inside_a_word_or_number():
    result = _triage("ask", "I have a headache", env={"COLUMNS": "40"})
    lines = result.stdout.decode().splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert any("1-800-FDA-1088" in line for line in lines)
    words = set(" ".join(lines).split())
    assert "professional" in words and "1-800-FDA-1088." in words


def test_cli_the_emergency_footer_is_plain_not_dim(bot):
    from triage import render

    text = render.to_text(bot.assess("chest pain"), colour=True, width=60)
    footer = text[text.index("If you think it is an emergency"):]
    assert render.DIM not in footer and "\x1b[" not in footer


# the longest urgent answer of the case files: 86 lines at 60 columns before answers were made to fit
URGENT_MESSAGE = ("Hello, it's hard to put my finger on it. I'm 78 and over the last fortnight I get puffed out "
                  "walking to the bottom of the garden to fill the bird feeder, when only last month I could manage "
                  "the walk to the shops and back. My daughter says I look as white as a sheet, and I'm so washed "
                  "out that some days my legs won't carry me. I'm on the cream, a statin and eye drops, nothing new.")


@pytest.mark.parametrize("columns", [60, 120])
def test_cli_the_longest_urgent_answer_fits_one_screen_action_first(columns):
    """Every answer fits one screen (tests/test_render.py checks all the case messages); this is the
    one that ran longest."""
    result = _triage("ask", URGENT_MESSAGE, env={"COLUMNS": str(columns)})
    lines = result.stdout.decode().rstrip("\n").split("\n")
    assert result.returncode == 0
    assert lines[0] == "URGENT: contact your doctor now."
    assert lines[1].startswith("Contact your doctor now, today, about this.")
    assert len(lines) <= 24 and all(len(line) <= columns for line in lines)
    text = "\n".join(lines)
    assert "pale skin [URGENT]" in text and "trouble breathing [URGENT]" in text
    assert "More detail: triage ask --verbose" in text and text.endswith("1-800-FDA-1088.")
    verbose = _triage("ask", "--verbose", URGENT_MESSAGE, env={"COLUMNS": str(columns)}).stdout.decode()
    assert "the leaflet says \"Call your doctor right away" in " ".join(verbose.split())
    assert "About older adults" in verbose


# ---------------------------------------------------------------- issue 12: the command line

def test_cli_bare_triage_is_triage_help():
    """Decided: `triage` alone prints the same help as `triage --help`, on standard output, exit 0,
    whether or not standard input is a terminal."""
    bare, helped = _triage(), _triage("--help")
    assert bare.returncode == helped.returncode == 0
    assert bare.stdout == helped.stdout and b"usage: triage" in bare.stdout and bare.stderr == b""


def test_cli_ctrl_c_exits_130_with_one_line(monkeypatch, capsys):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("triage.load", interrupted)
    assert cli.main(["ask", "fever"]) == 130
    captured = capsys.readouterr()
    assert captured.err.strip() == "triage: interrupted" and captured.out == ""


def test_cli_reads_the_message_from_standard_input():
    result = _triage("ask", stdin="my gums bleed\n".encode())
    assert result.returncode == 0 and result.stdout.startswith(b"URGENT")
