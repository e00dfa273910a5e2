"""The command line: thin; parses options, calls the library, maps errors to exit codes.

Exit codes (errors.py): 0 answered (whatever the level), 1 standard output closed,
2 bad usage, 3 unreadable input (not UTF-8, too long), 4 broken or missing knowledge,
130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import gc
import io
import sys

from .errors import (EXIT_INPUT, EXIT_INTERRUPTED, EXIT_KNOWLEDGE, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, InputError,
                     KnowledgeError, LeafletFormatError, TriageError)
COMMANDS = ("ask", "chat", "import", "leaflets", "coverage", "compile")
ASK_OPTIONS = ("--json", "--jsonl", "--leaflet", "--verbose", "-v")
MORE = "More detail: triage ask --verbose, with the same message."  # shown when the short answer leaves some out
BATCH = 256


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a short message, as argparse does
        if message.startswith("unrecognized arguments"):
            # never echoed: the words may be someone's symptoms ("triage chat 'my secret rash'")
            message = 'unexpected words after the command (not repeated here); to assess a message: triage ask "..."'
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (keeps `ask` fast to start)."""
    parser = _Parser(
        prog="triage",
        description="What the medicine's leaflet says to do about a side effect you describe.",
        epilog='Example: triage ask "my gums bleed when I brush"',
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"triage {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ask = sub.add_parser("ask", help="assess one message (or many with --jsonl)",
                         description="Assess a message against the leaflet.")
    ask.add_argument("text", nargs="*", help="what you feel, in your own words")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--jsonl", action="store_true",
                     help="read one message per line from standard input; print one JSON object per line")
    ask.add_argument("--verbose", "-v", action="store_true",
                     help="the long explanation: each finding's reasons, the leaflet's quotes and notes")
    _leaflet_option(ask)
    ask.set_defaults(run=run_ask)

    # Each of these commands lives in its own module: add_arguments(parser) and run(args) -> int.
    chat = sub.add_parser("chat", help="talk it through, turn by turn",
                          description="An interactive session: describe what you feel, turn by turn.")
    _leaflet_option(chat)
    chat.set_defaults(module="chat")

    importer = sub.add_parser("import", help="turn a leaflet text into a knowledge file",
                              description="Read a leaflet of the Mayo Clinic / Micromedex layout "
                                          "and write its side-effect items as a knowledge file.")
    importer.set_defaults(module="leaflet_cli")

    leaflets = sub.add_parser("leaflets", help="list the installed leaflets",
                              description="List the leaflet knowledge installed with triage.")
    leaflets.set_defaults(module="leaflet_cli", list_leaflets=True)

    covered = sub.add_parser("coverage", help="how each item of a leaflet can be matched, and its gaps",
                             description="Each side-effect item of a leaflet with how it is matched (shared "
                                         "lexicon concepts, or patterns from its own words), example phrasings "
                                         "checked to reach it, and the items only their own words reach.")
    covered.set_defaults(module="coverage")

    compiler = sub.add_parser("compile", help="save the built pipeline so that triage starts fast",
                              description="Build each installed leaflet's pipeline from the knowledge files "
                                          "and save it beside them; triage loads it when it matches the "
                                          "knowledge and code installed, and builds in memory otherwise.")
    compiler.set_defaults(module="compiled")

    for name, sub_parser in (("chat", chat), ("import", importer), ("leaflets", leaflets), ("coverage", covered),
                             ("compile", compiler)):
        if name == command:
            _module_arguments(sub_parser)
    return parser


def _module(name: str):
    import importlib

    return importlib.import_module(f"triage.{name}")


def _module_arguments(parser):
    """Let the command's own module add its options (kept out of this file)."""
    module = _module(parser.get_default("module"))
    add = getattr(module, "add_arguments", None)
    if add is not None:
        add(parser)
    parser.set_defaults(run=lambda args: module.run(args))


def _leaflet_option(parser):
    parser.add_argument("--leaflet", default=None, metavar="NAME",
                        help="leaflet knowledge: an installed name or a path to a YAML file "
                             "(default: ruxolitinib-topical)")


def _load(args):
    import triage

    return triage.load(args.leaflet) if args.leaflet else triage.load()


def run_ask(args) -> int:
    from . import render

    if args.jsonl:
        if args.text:
            raise _Usage("--jsonl reads standard input; give no message text with it")
        return _ask_lines(_load(args))
    if args.text:
        text = " ".join(args.text)
    elif not sys.stdin.isatty():
        from .text import read_all

        text = read_all(sys.stdin.buffer, "standard input")  # with a bound: never a 20 MB read
    else:
        raise _Usage('give the message to assess, e.g. triage ask "my gums bleed"')
    # One message, then the process ends: the cyclic garbage collector would only walk the
    # objects that importing spaCy and loading the pipeline make (about a tenth of the start).
    collecting = gc.isenabled()
    gc.disable()
    try:
        bot = _load(args)
        answer = bot.assess(text)
    finally:
        if collecting:  # called as a library function (tests), not as the process
            gc.enable()
    if args.json:
        print(render.to_json(answer, ascii_only=not render.is_utf8(sys.stdout)))
    else:
        print(render.to_text(answer, colour=render.use_colour(sys.stdout), verbose=args.verbose,
                             width=render.terminal_width(sys.stdout), more=MORE,
                             item_notes=[note.text for note in bot.knowledge.leaflet.notes]))
    return EXIT_OK


def _ask_lines(bot) -> int:
    """--jsonl: one JSON object per input line, in order, answered in batches, and at once
    whenever the input pauses."""
    import json

    from . import render
    from .text import message_lines

    status = EXIT_OK
    batch: list[str] = []

    ascii_only = not render.is_utf8(sys.stdout)

    def flush():
        for answer in bot.assess_many(batch):
            print(render.to_json(answer, ascii_only=ascii_only))
        sys.stdout.flush()
        batch.clear()

    # each line read with a bound: an over-long line is refused, never held whole in memory
    for number, text in message_lines(sys.stdin.buffer):
        if isinstance(text, InputError):
            if batch:
                flush()
            print(f"triage: {text}", file=sys.stderr)
            print(json.dumps({"line": number, "error": str(text)}))
            status = EXIT_INPUT
            continue
        batch.append(text)
        if len(batch) >= BATCH or not _more_waiting(sys.stdin.buffer):
            flush()  # in batches while input streams in; at once when a writer waits for its answer
    if batch:
        flush()
    return status


def _more_waiting(stream) -> bool:
    """True when more input is already there to read (a file, or a fast pipe); False when the
    next line has not come yet, so that a program that writes a line and waits is answered."""
    import select

    try:
        return bool(select.select([stream.fileno()], [], [], 0)[0])
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return True  # not a real file (tests' in-memory input): keep batching


class _Usage(Exception):
    """A usage mistake found after parsing."""


# error type -> exit code and message prefix; the first that fits wins
_ERRORS = (
    (_Usage, EXIT_USAGE, ""),
    (KnowledgeError, EXIT_KNOWLEDGE, "knowledge error: "),
    (InputError, EXIT_INPUT, ""),
    (LeafletFormatError, EXIT_INPUT, ""),
    (TriageError, EXIT_INPUT, ""),
)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        meant = _meant_command(argv)
        if meant:
            print(f"triage: unknown command; did you mean '{meant}'? (to assess a message: triage ask \"...\")",
                  file=sys.stderr)
            return EXIT_USAGE
        argv.insert(0, "ask")  # `triage "my gums bleed"` is a one-shot question
    elif argv and argv[0] in ASK_OPTIONS and not set(argv) & set(COMMANDS):
        argv.insert(0, "ask")  # `triage --json "chest pain"`: the shortcut takes ask's options too
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):  # bare `triage` is `triage --help`: the help, exit 0
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except (_Usage, TriageError) as error:
        code, prefix = next((code, prefix) for kind, code, prefix in _ERRORS if isinstance(error, kind))
        print(f"triage: {prefix}{error}", file=sys.stderr)
        return code
    except KeyboardInterrupt:  # Ctrl-C at any moment: one line, never a traceback
        print("\ntriage: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def _meant_command(argv: list[str]) -> str | None:
    """The command a lone, mistyped word was meant to be ("chta": chat), or None for a message."""
    import difflib

    if len(argv) != 1 or " " in argv[0].strip():
        return None
    close = difflib.get_close_matches(argv[0].lower(), COMMANDS, n=1, cutoff=0.75)
    return close[0] if close else None


def run() -> None:
    """Console-script entry point."""
    if sys.stdout is None:  # started with standard output closed: say so where it can be seen
        if sys.stderr is not None:
            print("triage: standard output is closed; nothing can be answered", file=sys.stderr)
        sys.exit(EXIT_OUTPUT)
    if sys.stdin is None:  # started with standard input closed: read it as empty
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    # a terminal or pipe that is not UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale) gets
    # \u escapes for what it cannot show, never a UnicodeEncodeError half-way through a batch;
    # in JSON such an escape is the character itself
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = main()
        sys.stdout.flush()  # here, where a full disk can still be reported, not in Python's exit
    except KeyboardInterrupt:  # also while the command's module (the chat's prompt-toolkit) is imported
        print("\ntriage: interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except OSError as error:  # standard output full or failing (> /dev/full): one line, not a traceback
        if error.errno not in _WRITE_ERRORS:
            raise  # every command turns its own file errors into messages: this is a bug, shown as one
        print(f"triage: cannot write to standard output ({error.strerror})", file=sys.stderr)
        _drop_standard_output()
        code = EXIT_OUTPUT
    # The process ends here: Python's last garbage collection would walk every object spaCy and
    # the pipeline made (a sixth of a one-shot start) only to find nothing to free.
    gc.freeze()
    sys.exit(code)


_WRITE_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EPIPE}


def _drop_standard_output() -> None:
    """Send what is left of standard output's buffer to /dev/null, so that Python's own flush at exit
    does not fail a second time (as the Python documentation does for a closed pipe)."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
