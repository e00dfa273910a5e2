"""What the chat recognises and how it lays out what it says: fixed word lists and text shaping.

The words it says about symptoms come from the knowledge files, through the library.
"""

import re
import textwrap

QUIT_WORDS = ("quit", "exit", "bye", "goodbye", "bye bye", "good bye")
THANKS_AND_HELLOS = ("thanks", "thank you", "thank you very much", "thx", "ok", "okay", "hi", "hello", "hey")
SUMMARY_WORDS = ("summary", "summarise", "summarize", "sum up")
DOCTOR_WORDS = ("doctor", "nurse", "pharmacist", "gp")  # "what should I tell my doctor?"
BARE_COMMANDS = ("help", "why", "list", "summary", "quit", "exit")  # work without the slash too
MORE = "More detail: /why"  # under a short answer that leaves some out
WIDTH = 88
TAKEN_TOGETHER = "Taken together with what you told me before:"  # a rule met by several turns


def asks_for_summary(words: str) -> bool:
    """"/summary" said in words: "summary", "what should I tell my doctor?"."""
    if words in SUMMARY_WORDS:
        return True
    padded = f" {words} "
    return words.startswith(("what", "how")) and " tell " in padded and any(
        f" {who} " in padded for who in DOCTOR_WORDS)


def short(question: str) -> str:
    """The question without a closing "(for example: ...)" hint, for the summary."""
    return re.sub(r"\s*\([^()]*\)$", "", question)


def join(first: str, rest: str) -> str:
    return f"{first}, {rest}" if rest else first


def wrap(text: str, *, indent: str = "", subsequent: str = "", width: int | None = None) -> str:
    """`text` filled to `width` (WIDTH when None), never inside a word or a number."""
    return textwrap.fill(text, width or WIDTH, initial_indent=indent, subsequent_indent=subsequent or indent,
                         break_long_words=False, break_on_hyphens=False)
