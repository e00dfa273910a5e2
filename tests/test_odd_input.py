"""Hostile and careless input: a clear answer or a clear message, never a traceback."""

import json
import os
import signal
import subprocess
import tempfile
import sys
import time

import pytest

import triage
from conftest import read_cases
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
    ("fe\u200bver", "urgent"),  # a zero-width space inside a word is dropped, not read as a gap (issue 14)
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


# ---------------------------------------------------------------- input that would hide a symptom (issue 14)

@pytest.mark.parametrize("text", [
    "hi \x1b] my chest pain is crushing",        # an unterminated OSC: removed, not the text after it
    "\x1b[my chest pain is crushing",            # "ESC[" before a word
    "\x1bMy chest pain is crushing",             # a lone ESC before a capitalised word
    "hi \x9b my chest pain is crushing",         # a C1 control sequence introducer
    "\x1b]0;title\x07my chest pain is crushing",  # a terminated OSC: removed whole
])
def test_odd_input_escape_sequences_never_delete_the_words_after_them(bot, text):
    assert bot.assess(text).level == "emergency"


@pytest.mark.parametrize("text, level", [
    ("crushing \u0441h\u0435st pain", "emergency"),  # Cyrillic "с" and "е" in "chest"
    ("crushing chest p\u0430in", "emergency"),        # Cyrillic "а"
    ("crushing ch\u00e9st pa\u00edn", "emergency"),    # accents
    ("my gums are bl\u200beeding", "urgent"),         # a zero-width space inside a word
    ("my gums are blee\u200dding", "urgent"),         # a zero-width joiner
    ("crushing che\ufe0fst pain", "emergency"),        # a variation selector
])
def test_odd_input_look_alike_and_invisible_characters_do_not_hide_a_symptom(bot, text, level):
    answer = bot.assess(text)
    assert answer.level == level
    assert answer.text == text  # the answer names the message as it was written


def test_odd_input_look_alikes_are_said_in_a_note_and_other_scripts_are_left_alone(bot):
    note = bot.knowledge.levels.look_alikes
    assert note in bot.assess("crushing \u0441hest pain").notes
    assert note not in bot.assess("crushing chest pain").notes
    assert note not in bot.assess("\u0431\u043e\u043b\u044c \u0432 \u0433\u0440\u0443\u0434\u0438").notes  # Russian
    assert bot.assess("temp 38.9 and chills").level == "urgent"  # numbers are never folded


def test_odd_input_a_symptom_across_an_internal_cut_is_still_read(bot):
    filler = "and then I went to the shops with my sister "
    for shift in range(0, 60, 7):  # the phrase lands on the 1,000-character cut in several places
        text = (filler * 40)[: 985 + shift] + " crushing chest pain " + filler * 10
        assert "." not in text and bot.assess(text).level == "emergency", shift


def test_odd_input_a_stdout_that_is_not_utf8_gets_escapes_not_a_crash():
    lines = "my gums bleed \u2014 \u00e7a saigne\n\u00e9tourdi and a fever\n"
    result = subprocess.run([sys.executable, "-m", "triage", "ask", "--jsonl"], input=lines.encode("utf-8"),
                            capture_output=True, timeout=120, cwd=tempfile.gettempdir(),
                            env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    answers = [json.loads(line) for line in result.stdout.decode("ascii").splitlines()]
    assert [a["text"] for a in answers] == lines.splitlines()
    assert [a["level"] for a in answers] == ["urgent", "urgent"]


@pytest.mark.parametrize("text, level", [
    ("temp:101.3", "urgent"), ("T:38.6", "urgent"), ("HR:130", "urgent"),
    ("my temp is 98.6, totally normal", "none"), ("temp 37.1 this morning", "none"),
])
def test_readings_without_spaces_are_read_and_a_normal_one_is_no_fever(bot, text, level):
    assert bot.assess(text).level == level


def test_a_message_that_grows_when_read_is_held_to_the_limit(bot):
    from triage import InputError

    with pytest.raises(InputError, match="once its special characters are spelt out"):
        bot.assess("\ufdfa" * 600)  # 600 characters, 10,800 once read
    assert bot.assess("\ufdfa" * 500).level == "none"  # 9,000 once read: answered


# ---------------------------------------------------------------- bounded cost, faults (issue 14)

def _triage(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "triage", *args], capture_output=True, timeout=300,
                          cwd=tempfile.gettempdir(), **kwargs)


def _peak_kb(args: list[str], stdin: bytes) -> tuple[int, subprocess.CompletedProcess]:
    """Run triage under a fresh parent whose only child it is: (its peak memory in KB, the result)."""
    wrapper = ("import resource, subprocess, sys\n"
               f"r = subprocess.run([sys.executable, '-m', 'triage', *{args!r}], stdin=sys.stdin,"
               " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
               "sys.stdout.buffer.write(r.stdout); sys.stderr.buffer.write(r.stderr)\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
               "sys.exit(r.returncode)")
    result = subprocess.run([sys.executable, "-c", wrapper], input=stdin, capture_output=True, timeout=300,
                            cwd=tempfile.gettempdir())
    *err, peak = result.stderr.decode("utf-8").splitlines()
    return int(peak), subprocess.CompletedProcess(result.args, result.returncode, result.stdout,
                                                  "\n".join(err).encode("utf-8"))


def test_odd_input_a_20_mb_line_in_jsonl_is_refused_without_holding_it(tmp_path):
    """`python -c "print('x'*20_000_000)" | triage ask --jsonl`: one error line, the next line answered,
    and no more memory than for a short line (it was +50 MB: the whole line, then its text)."""
    small, _ = _peak_kb(["ask", "--jsonl"], b"my gums bleed\n")
    peak, result = _peak_kb(["ask", "--jsonl"], b"x" * 20_000_000 + b"\nmy gums bleed\n")
    assert result.returncode == 3
    first, second = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert first["line"] == 1 and "longer than the limit of 10,000 characters" in first["error"]
    assert second["level"] == "urgent"
    assert result.stderr.decode("utf-8").count("\n") == 0 and b"xxxx" not in result.stderr
    assert peak - small < 12_000, (peak, small)


def test_odd_input_an_over_long_standard_input_is_refused_before_loading_anything():
    result = _triage("ask", input=b"my gums bleed " * 1_500_000)  # 21 MB
    assert result.returncode == 3 and result.stdout == b""
    assert result.stderr == (b"triage: standard input is longer than the limit of 10,000 characters, so it was "
                             b"not read. Please describe one symptom or a few at a time.\n")


def test_odd_input_jsonl_lines_around_the_limit():
    lines = ["a" * 10_000, "\u00e9" * 10_000, "a" * 10_001, "\U0001f912" * 10_001, "b" * 40_010, "my gums bleed"]
    result = _triage("ask", "--jsonl", input="\r\n".join(lines).encode("utf-8") + b"\r\n")
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [a.get("line") for a in answers] == [None, None, 3, 4, 5, None]
    assert "10,001 characters long" in answers[2]["error"] and "not read" in answers[4]["error"]
    assert answers[-1]["level"] == "urgent" and result.returncode == 3


def _import_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import triage.cli"], check=True, cwd=tempfile.gettempdir(), timeout=120)
    return time.perf_counter() - started


@pytest.mark.parametrize("args", [["ask", "my gums bleed"], ["ask", "--jsonl"], ["chat"]])
def test_odd_input_ctrl_c_during_start_up_exits_130_with_one_line(args):
    """SIGINT while spaCy is imported or the pipeline loaded: exit 130 and 'interrupted', no traceback."""
    delay = 0.3 + _import_seconds()  # once the command has started: before that it is Python's own start
    process = subprocess.Popen([sys.executable, "-m", "triage", *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err.decode("utf-8", "replace")
    assert out == b"" and err.strip() == b"triage: interrupted"


# The console script as pip writes it for `triage = "triage.__main__:main"` (pyproject.toml).
CONSOLE_SCRIPT = "import re, sys\nfrom triage.__main__ import main\nsys.exit(main())"


def _interrupt_at(command: list[str], moment: str, **popen) -> tuple[int, bytes, list[str]]:
    """Run `command` under `python -X importtime` and send it SIGINT, from outside as Ctrl-C does, the
    moment Python says it has imported the module `moment` (a moment named, not timed: the machines
    are shared). Returns the exit code, standard output and standard error without the import times."""
    process = subprocess.Popen([sys.executable, "-X", "importtime", *command], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tempfile.gettempdir(), **popen)
    seen = []
    for line in process.stderr:  # "import time:   self |  cumulative |   name", as each import ends
        seen.append(line.decode("utf-8", "replace"))
        if line.split(b"|")[-1].strip() == moment.encode():
            break
    else:
        process.kill()
        pytest.fail(f"never imported {moment}: {''.join(seen)[-2000:]}")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    said = [line for line in "".join(seen).splitlines() + err.decode("utf-8", "replace").splitlines()
            if line.strip() and not line.startswith("import time:")]
    return process.returncode, out, said


@pytest.mark.parametrize("command, moment", [
    (["-c", CONSOLE_SCRIPT, "ask", "my gums bleed"], "triage.__main__"),  # the handler is set
    (["-c", CONSOLE_SCRIPT, "ask", "my gums bleed"], "argparse"),  # the command line is imported
    (["-m", "triage", "ask", "my gums bleed"], "argparse"),
    (["-m", "triage", "ask", "my gums bleed"], "triage.cli"),  # handed over to the command line
    (["-m", "triage", "ask", "my gums bleed"], "triage.text"),  # its output is imported
    (["-m", "triage", "ask", "my gums bleed"], "thinc"),  # spaCy is imported
    (["-m", "triage", "ask", "my gums bleed"], "triage.matcher"),  # the pipeline is loaded
    (["-m", "triage", "ask", "--jsonl"], "argparse"),
    (["-m", "triage", "chat"], "argparse"),
])
def test_odd_input_ctrl_c_at_each_moment_of_start_up_exits_130_with_one_line(command, moment):
    """Ctrl-C while triage's package and the command line are still imported (its first tenth of a
    second) printed Python's traceback; now from the first line of triage.__main__ on it is, like
    later, exit 130 and "triage: interrupted" (only Python's own start comes before)."""
    code, out, said = _interrupt_at(command, moment)
    assert code == 130 and out == b"" and said == ["triage: interrupted"], (code, out, said)


def test_odd_input_a_sigint_ignored_by_whoever_started_triage_stays_ignored():
    """A job a script starts in the background ignores SIGINT; triage's start-up handler must not
    undo that (Python itself leaves an ignored SIGINT alone)."""
    code, out, said = _interrupt_at(["-c", CONSOLE_SCRIPT, "ask", "my gums bleed"], "argparse",
                                    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert code == 0 and out.startswith(b"URGENT") and said == [], (code, out, said)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["ask", "my gums bleed"], ["ask", "--json", "chest pain"], ["leaflets"]])
def test_odd_input_a_full_standard_output_is_one_line_and_exit_1(args):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "triage", *args], stdout=full, stderr=subprocess.PIPE,
                                timeout=300, cwd=tempfile.gettempdir())
    assert result.returncode == 1
    assert result.stderr == b"triage: cannot write to standard output (No space left on device)\n"


def test_odd_input_a_crafted_message_costs_a_few_times_an_ordinary_one(bot, monkeypatch):
    """Words of a four-slot composition repeated ("red blotch dark center ...") cost 20 to 40 times an
    ordinary message of the same length before the fillers tried per word were bounded. Counted in
    ways tried, not timed (timings are never asserted: these machines are shared): every filler of
    a first slot tries at most matcher.TRIED ways, so the work grows with the length, not a power of it."""
    from triage import matcher

    tried = [0]
    original = matcher._combinations

    def counting(candidates, window):
        for combo in original(candidates, window):
            tried[-1] += 1
            yield combo

    monkeypatch.setattr(matcher, "_combinations", counting)

    def ways(text: str) -> int:
        tried.append(0)
        bot.assess(text)
        return tried[-1]

    crafted = ("red blotch dark center " * 300)[:5000]
    varied = ("red spot dark center pink patch purple middle reddish mark dusky centre " * 80)[:5000]
    assert bot.assess(crafted).level == "urgent"
    for text in (crafted, varied):
        # measured: about 45 ways per word with the bound, 147 without it; an ordinary message under 1
        assert ways(text) <= 60 * len(text.split()), ways(text)


EMOJI = "\U0001f912"


@pytest.mark.parametrize("text", [
    EMOJI * 10_000,  # 10,000 fever matches in sentences of 1,000 tokens
    ("my husband, who had " + EMOJI * 990 + ". ") * 9,  # each match after an aside
    ("he " + EMOJI) * 2_500,  # each match someone else's, in one long clause
])
def test_odd_input_many_matches_in_one_sentence_cost_each_token_one_clause_check(bot, monkeypatch, text):
    """Whose a symptom is reads the clause around it. Walking out from each match to its clause's
    ends cost the square of the sentence's length (10,000 emoji: 1,164,000 clause checks, 5 to 26
    times an ordinary message). Each doc is now read once: at most one check per token. Counted,
    not timed (timings are never asserted: these machines are shared)."""
    from triage import subject

    checks = [0]
    original = subject._ends_clause

    def counting(doc, i):
        checks[0] += 1
        return original(doc, i)

    monkeypatch.setattr(subject, "_ends_clause", counting)
    assert bot.assess(text).level == "urgent"
    tokens = len(list(bot.nlp.tokenizer(text)))
    assert checks[0] <= tokens, (checks[0], tokens)


@pytest.mark.parametrize("text", [
    "My husband, who doesn't use any creams, had a small stroke - and now he's got a rash, but I'm fine.",
    "my 17-year-old son -- he uses it -- has bleeding gums; his sister (who doesn't) is fine: no fever.",
    "I use the cream. My dad had a stroke, and now my calf is swollen but not red; mum says I look pale.",
    "fever , , , chills  --  rash   but but cough ( a ) b - c",
])
def test_odd_input_a_clause_read_from_the_doc_once_is_the_clause_walked_out_to(bot, text):
    """The clause lookup that reads each doc once gives the clause that walking out from the match
    gave, token by token, for every start and end in the doc (the walk as it was before)."""
    from types import SimpleNamespace

    from triage import subject

    def walked(doc, start, end, own_words):
        sentence = doc[start].sent
        first, last = start, end
        while first > sentence.start and not subject._ends_clause(doc, first - 1):
            first -= 1
        while last < sentence.end and not subject._ends_clause(doc, last):
            last += 1
        if own_words:
            return subject._fold(doc[first:last].text)
        return subject._fold(f"{doc[first:start].text} {doc[end:last].text}")

    doc = bot.nlp(text)
    words = subject._Words(doc)
    for start in range(len(doc)):
        assert words.sentence(start) == (doc[start].sent.start, doc[start].sent.end)
        for end in range(start + 1, min(start + 4, len(doc)) + 1):
            match = SimpleNamespace(start=start, end=end, reach=frozenset())
            for own_words in (True, False):
                assert words.clause(match, own_words=own_words) == walked(doc, start, end, own_words), (start, end)


def test_odd_input_findings_are_in_the_same_order_whatever_the_hash_seed():
    """Set iteration order changes with PYTHONHASHSEED: no answer may depend on it."""
    messages = "\n".join(case["text"] for case in read_cases("heldout.jsonl")).encode("utf-8")
    outputs = {_triage("ask", "--jsonl", input=messages, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "4242")}
    assert len(outputs) == 1 and outputs.pop().count(b"\n") == len(read_cases("heldout.jsonl"))


def test_odd_input_context_compares_only_triggers_of_one_sentence(bot, monkeypatch):
    """'he 🤒' repeated makes a trigger per word: they are compared within each (capped) sentence, not
    all with all, so a long message's context costs in proportion to its length."""
    from triage import context

    calls = []
    original = context._Trigger.limit_by
    monkeypatch.setattr(context._Trigger, "limit_by", lambda self, other: (calls.append(1), original(self, other))[1])
    text = "he 🤒 " * 1500
    bot.assess(text)
    tokens = len(text.split())
    assert calls and len(calls) <= tokens * 60, len(calls)  # all with all would be about tokens² / 4
