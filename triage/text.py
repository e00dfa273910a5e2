"""Message text as the pipeline reads it: one named normalisation, applied before matching.

People paste odd things: full-width letters, zero-width or bidi control
characters, terminal escape sequences, NULs, lone surrogates. None of them may
break the pipeline or hide a symptom ("\\x00fever" is still a fever).
"""

import re
import unicodedata
from collections.abc import Iterator

import decancer_py

from .errors import InputError

MAX_CHARS = 10_000  # a message longer than this is refused, not silently cut
# UTF-8 spends at most 4 bytes on a character: a line of more bytes than this is over MAX_CHARS
MAX_BYTES = 4 * MAX_CHARS
_SKIP = 65_536  # the rest of an over-long line is read and dropped this much at a time

# Terminal escape sequences, removed whole; never the text after them. A control sequence with
# parameters ("ESC[31m"), one without them only when no word follows ("ESC[K", not "ESC[my"), and
# an operating-system command only when it is terminated ("ESC]0;title BEL"). Any other ESC is a
# control character: it becomes a space, and the word after it stays.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-9;:<=>?]+[ -/]*[@-~]|\x1b\[[ -/]*[@-~](?![A-Za-z])|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)")
# invisible characters inside a word ("bl\u200beeding", "chest\ufe0f"): dropped, so the word stays one
_INVISIBLE_IN_WORD = re.compile(
    "(?<=\\w)[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufe00-\ufe0f\ufeff\U000e0000-\U000e0fff]+(?=\\w)")
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def is_unsafe(ch: str) -> bool:
    """A character never shown or matched as it is: controls (NUL, ESC, C1), format characters
    that hide or reorder text (zero-width spaces, bidi overrides), surrogates, private-use and
    unassigned code points: Unicode's "C" categories."""
    return unicodedata.category(ch)[0] == "C"


def clean_message(text: str) -> str:
    """`text` in NFKC form with escape sequences removed, invisible characters inside words
    dropped, look-alike letters read as Latin (`fold_look_alikes`), control characters as spaces."""
    return read_message(text)[0]


def read_message(text: str) -> tuple[str, bool]:
    """`clean_message(text)`, and whether a word was read through letters of another alphabet."""
    return fold_look_alikes(_plain(text))


def clean_text(text: str) -> str:
    """Knowledge text (a leaflet page's lines on import; every string of a knowledge file when it is
    loaded): the cleaning of messages, so that nothing a page or a file holds can reach a terminal
    raw: escape sequences removed whole, invisible characters inside words dropped, other control
    and format characters as spaces. The leaflet's own letters stay as written (no NFKC, no
    look-alike reading): they are quoted, not matched."""
    if text.isascii() and text.isprintable():
        return text  # nearly every line and entry: nothing to clean
    return _without_controls(text, nfkc=False)


def _plain(text: str) -> str:
    return _without_controls(text, nfkc=True)


def _without_controls(text: str, *, nfkc: bool) -> str:
    text = _ESCAPE_SEQUENCE.sub(" ", text)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    if nfkc:
        text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_IN_WORD.sub("", text)
    return "".join(ch if ch in "\n\t" or not is_unsafe(ch) else " " for ch in text)


def fold_look_alikes(text: str) -> tuple[str, bool]:
    """`text` with each word written with look-alike letters ("сhest" with a Cyrillic "с",
    "paín") read as the Latin word it shows, through decancer's confusables tables; and
    whether a word held letters of another alphabet. A word is only replaced by plain Latin letters: a word in
    another script ("fiebre" stays, "حمى" stays) and emoji are left as they are."""
    changed = False

    def fold(match: re.Match) -> str:
        nonlocal changed
        word = match.group()
        if word.isascii() or not _looks_latin(word):
            return word
        cured = str(decancer_py.parse(word))
        if cured != word.lower() and cured.isascii() and cured.replace("'", "").isalnum():
            # accents dropped ("rosé") go unsaid, like NFKC's folding; letters of another alphabet are said
            changed = changed or not all(_latin(ch) for ch in word)
            return cured
        return word

    return _WORD.sub(fold, text), changed


def _looks_latin(word: str) -> bool:
    """A Latin word at sight: some plain Latin letter in it ("сhest"), or only Latin letters with
    marks ("paín"). A word wholly in another script ("боль") is that language, not a disguise."""
    return any(ch.isascii() and ch.isalpha() for ch in word) or all(_latin(ch) for ch in word)


def _latin(ch: str) -> bool:
    return ch.isascii() or "LATIN" in unicodedata.name(ch, "") or unicodedata.category(ch) == "Mn"


def check_message(text) -> str:
    """The message as given, or InputError saying what is wrong with it."""
    if not isinstance(text, str):
        raise InputError(f"a message must be text (str), not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"the message is {len(text):,} characters long; the limit is {MAX_CHARS:,}. "
            "Please describe one symptom or a few at a time.")
    # some characters grow when read ("\ufdfa" is 18 letters): the limit holds for what is read
    grown = len(unicodedata.normalize("NFKC", text))
    if grown > MAX_CHARS:
        raise InputError(
            f"the message reads as {grown:,} characters once its special characters are spelt out; "
            f"the limit is {MAX_CHARS:,}. Please describe one symptom or a few at a time.")
    return text


# ---------------------------------------------------------------- reading messages from a stream


def message_lines(stream) -> Iterator[tuple[int, str | InputError]]:
    """(line number, message) for each line of a binary stream, without its line ending; or
    (line number, InputError) for a line that cannot be a message (not UTF-8, over the limit).

    Each line is read with a bound: of a line too long to be a message, only MAX_BYTES are held
    and the rest is read and dropped in small pieces, so a 20 MB line never sits in memory."""
    number = 0
    while True:
        raw = stream.readline(MAX_BYTES + 3)  # a message of MAX_CHARS, and "\r\n"
        if not raw:
            return
        number += 1
        if not raw.endswith(b"\n") and len(raw) > MAX_BYTES + 2:
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(_SKIP)
            yield number, InputError(
                f"line {number} is longer than the limit of {MAX_CHARS:,} characters, so it was not read. "
                "Please describe one symptom or a few at a time.")
            continue
        raw = raw.rstrip(b"\r\n")
        try:
            yield number, check_message(_decoded(raw, f"line {number}"))
        except InputError as error:
            yield number, error


def read_all(stream, where: str) -> str:
    """The whole of a binary stream as one message, read with the same bound (InputError when it is
    over the limit or not UTF-8)."""
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise InputError(f"{where} is longer than the limit of {MAX_CHARS:,} characters, so it was not read. "
                         "Please describe one symptom or a few at a time.")
    return check_message(_decoded(raw, where))


def _decoded(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{where} is not valid UTF-8 text (bad byte at position {error.start})") from None
