"""The `triage` command and `python -m triage`: the command line (cli.py), with Ctrl-C handled from
its first moment.

Ctrl-C while the command line is being imported (argparse, triage's own modules: the first tenth
of a second or so) exits 130 with one line, as it does later: the handler below is set before
anything heavy is imported (`import triage` imports nothing; see __init__.py), and cli.run's own
handling takes over once it runs. Only Python's own start comes before this module.

The console script is this module's `main` (pyproject: triage = "triage.__main__:main").
"""

import os
import signal
import sys

from .errors import EXIT_INTERRUPTED  # errors.py imports nothing


def _say_interrupted() -> None:
    if sys.stderr is not None:
        sys.stderr.write("\ntriage: interrupted\n")
        sys.stderr.flush()


def _interrupted(signum, frame) -> None:
    """Ctrl-C while the command line is imported: one line, and out at once (not a
    KeyboardInterrupt unwinding a half-done import)."""
    _say_interrupted()
    os._exit(EXIT_INTERRUPTED)


# Python's own handler (KeyboardInterrupt) is replaced only where it is set: a SIGINT ignored by
# whoever started triage (a job started with `&` by a script) stays ignored
_PYTHONS = signal.getsignal(signal.SIGINT)
if _PYTHONS is signal.default_int_handler:
    signal.signal(signal.SIGINT, _interrupted)


def main() -> None:
    """Console-script entry point: `triage.cli.run`, with Ctrl-C handled while it is imported."""
    from .cli import run

    if _PYTHONS is signal.default_int_handler:
        signal.signal(signal.SIGINT, _PYTHONS)  # Ctrl-C is KeyboardInterrupt again, for cli.run
    try:
        run()  # it handles Ctrl-C from its first line: the `except` covers only the hand-over
    except KeyboardInterrupt:
        _say_interrupted()
    except SystemExit as done:
        if done.code != EXIT_INTERRUPTED:
            raise
    else:
        return
    # Interrupted, and said so: out with 130 now. Python's own exit would end the process by SIGINT
    # instead (exit -2 to its parent) when the Ctrl-C came while spaCy was imported: CPython (3.11)
    # counts a KeyboardInterrupt that passed through code its C API ran (Cython modules' set-up
    # does) as never handled, even once caught.
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
