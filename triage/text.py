"""Message text as the pipeline reads it: one named normalisation, applied before matching.

People paste odd things: full-width letters, zero-width or bidi control
characters, terminal escape sequences, NULs, lone surrogates. None of them may
break the pipeline or hide a symptom ("\\x00fever" is still a fever).
"""

import re
import unicodedata

from .errors import InputError

MAX_CHARS = 10_000  # a message longer than this is refused, not silently cut

_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")


def is_unsafe(ch: str) -> bool:
    """A character never shown or matched as it is: controls (NUL, ESC, C1), format characters
    that hide or reorder text (zero-width spaces, bidi overrides), surrogates, private-use and
    unassigned code points: Unicode's "C" categories."""
    return unicodedata.category(ch)[0] == "C"


def clean_message(text: str) -> str:
    """`text` in NFKC form with escape sequences removed and control characters as spaces."""
    text = _ESCAPE_SEQUENCE.sub(" ", text)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        ch if ch in "\n\t" or not is_unsafe(ch) else " "
        for ch in text
    )


def check_message(text) -> str:
    """The message as given, or InputError saying what is wrong with it."""
    if not isinstance(text, str):
        raise InputError(f"a message must be text (str), not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the message is {len(text):,} characters long; the limit is {MAX_CHARS:,}. "
            "Please describe one symptom or a few at a time.")
    return text
