"""The interactive session (`triage chat`): the terminal around a Conversation (conversation.py).

On a terminal the turns run in one prompt-toolkit session (Ctrl-D leaves,
Ctrl-C stops with exit 130); otherwise standard input is read line by line and each
line answered in plain text, so the chat can be scripted. Nothing typed is
written to disk unless --history FILE asks for it: symptoms are health data.
"""

from __future__ import annotations

import os
import shutil
import sys

from prompt_toolkit import PromptSession
from prompt_toolkit.application.current import get_app
from prompt_toolkit.completion import Completer, WordCompleter
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.styles import Style

from . import render
from .conversation import Conversation
from .errors import EXIT_INPUT, EXIT_OK, InputError
from .text import clean_message, message_lines

PROMPT = "you> "


# ---------------------------------------------------------------- the terminal


def completion_words(knowledge) -> list[str]:
    """The leaflet's items and the lexicon's lay phrases, for completion while typing."""
    words = {item.text.lower(): item.text for item in knowledge.leaflet.items}
    for concept in knowledge.lexicon.concepts:
        for pattern in concept.patterns:
            if len(pattern) == 1:  # a phrase of its own, not one slot of a composition
                for phrase in pattern[0]:
                    words.setdefault(phrase.lower(), phrase)
    return sorted(words.values(), key=str.lower)


def make_session(conversation: Conversation, *, history_file: str | None = None, input=None, output=None):
    """One prompt-toolkit session for the whole chat: completion, in-memory history, a status toolbar."""
    history = _PrivateHistory(history_file) if history_file else InMemoryHistory()
    completer = _AfterLetters(WordCompleter(completion_words(conversation.knowledge), ignore_case=True))
    style = Style.from_dict({
        "bottom-toolbar": "noreverse",
        **{f"level.{level.value}": toolkit for level, (_ansi, toolkit) in render.LEVEL_STYLES.items()},
    })

    def toolbar():
        level, text = conversation.status(get_app().output.get_size().columns)
        return [(f"class:level.{level.value}" if level else "", f" {text} ")]

    return PromptSession(PROMPT, history=history, completer=completer, complete_while_typing=True,
                         bottom_toolbar=toolbar, style=style, input=input, output=output,
                         key_bindings=_NO_MOUSE)


# The chat turns mouse support off, yet prompt-toolkit still reads an escape sequence typed or pasted
# into the prompt ("\x1b[31m") as a mouse event and fails on it ("Unhandled exception in event
# loop"): such "mouse events" are ignored instead, the way a terminal without a mouse would.
_NO_MOUSE = KeyBindings()


@_NO_MOUSE.add(Keys.Vt100MouseEvent)
def _ignore_mouse(event) -> None:
    return None


class _PrivateHistory(FileHistory):
    """--history FILE: readable by you only (0600; symptoms are health data), holding the cleaned
    text of each line, never the raw escape sequences someone pasted."""

    def __init__(self, filename: str):
        try:
            if not os.path.exists(filename):
                os.close(os.open(filename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
            with open(filename, "rb"):  # readable: prompt-toolkit loads it at the first prompt
                pass
        except OSError as error:  # a folder that does not exist, no permission: one line, not a traceback
            raise InputError(f"cannot open the --history file ({error.strerror})") from None
        super().__init__(filename)

    def store_string(self, string: str) -> None:
        super().store_string(clean_message(string))


class _AfterLetters(Completer):
    """Completes only once three letters of a word are typed (a menu on every key is noise)."""

    def __init__(self, completer, letters: int = 3):
        self.completer = completer
        self.letters = letters

    def get_completions(self, document, complete_event):
        if len(document.get_word_before_cursor()) >= self.letters:
            yield from self.completer.get_completions(document, complete_event)


def interact(conversation: Conversation, session, out) -> int:
    """The prompt-toolkit loop: one session reused; Ctrl-D leaves, Ctrl-C stops the command (exit 130,
    KeyboardInterrupt goes up to the command line). Answers are wrapped to the terminal as it is now."""
    _write(out, conversation.greeting())
    while not conversation.finished:
        try:
            text = session.prompt()
        except EOFError:
            _write(out, conversation.goodbye())
            break
        if conversation.width is not None:  # the terminal may have been resized
            conversation.width = shutil.get_terminal_size().columns
        _write(out, conversation.turn(text))
    return EXIT_OK


def answer_lines(conversation: Conversation, stream, out, err) -> int:
    """Standard input is not a terminal: answer each line in plain text, echoed as "> line".

    Lines are read with a bound (text.message_lines): a line over the message limit is refused on
    standard error and never held whole in memory nor echoed; the other lines are answered."""
    status = EXIT_OK
    for _number, line in message_lines(stream):
        if isinstance(line, InputError):
            print(f"triage: {line}", file=err)
            status = EXIT_INPUT
            continue
        if not line.strip():
            continue
        _write(out, f"> {render.safe(line)}\n{conversation.turn(line)}")
        if conversation.finished:
            break
    return status


def _write(out, text: str) -> None:
    if text:
        out.write(text + "\n\n")
        out.flush()


# ---------------------------------------------------------------- the command


def add_arguments(parser) -> None:
    parser.add_argument("--history", metavar="FILE", default=None,
                        help="keep the lines you type in FILE for next time (off by default: "
                             "what you type about your health stays in memory only)")


def run(args) -> int:
    import triage

    bot = triage.load(args.leaflet) if args.leaflet else triage.load()
    if sys.stdin.isatty() and sys.stdout.isatty():
        conversation = Conversation(bot, colour=render.use_colour(sys.stdout), history_file=args.history,
                                    width=shutil.get_terminal_size().columns)
        return interact(conversation, make_session(conversation, history_file=args.history), sys.stdout)
    return answer_lines(Conversation(bot), sys.stdin.buffer, sys.stdout, sys.stderr)
