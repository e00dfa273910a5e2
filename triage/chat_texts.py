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


# ---------------------------------------------------------------- taking a symptom back in ordinary words

FINE_AFTER_ALL = "you said it is fine after all"
# "the breathing is fine (actually)": named, then said to be fine; "is not fine", "still" deny it
_FINE = re.compile(r"\b(?:is|are|s|was|were|feels?|seems?|looks?)\s+(?:\w+\s+)?(?:fine|ok|okay|alright|all right|"
                   r"normal)\b")
# "forget the headache", "I was wrong about the fever", "I was only out of breath from the stairs"
_WITHDRAWN = re.compile(r"\b(?:forget|ignore|scratch|disregard|never ?mind|wrong about|mistaken about|"
                        r"(?:was|were|am|is|it s)\s+(?:only|just)\b.*\b(?:from|because of|after)\b)")
_DENIED = re.compile(r"\b(?:not|t|never|still|worse|worst|no longer)\b")  # "isn't fine": n't reads "t"
_ASKING = ("is", "are", "can", "could", "should", "do", "does", "did", "will", "would", "what", "how", "why")
_CLAUSE_BREAK = re.compile(r"[,;.!?]|\b(?:but|though|although|and now)\b", re.IGNORECASE)
_COMMON = {"trouble", "feeling", "really", "little", "pains", "other", "about", "their", "there", "which",
           "thing", "things", "something", "sudden", "severe", "actually", "right", "after", "fine"}


def clauses(text: str) -> list[str]:
    """A message's clauses: split at punctuation and at "but"; a question keeps its "?"."""
    parts, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        parts.append(text[start:match.end() if match.group() == "?" else match.start()])
        start = match.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def takes_back(clause: str, words: str) -> int | None:
    """Where a clause says a symptom is fine after all: the offset in `words` (its normalised text)
    before which the symptom is named ("the breathing | is fine"), 0 when it may be named anywhere
    ("forget the headache"), None when it does not say so."""
    if clause.rstrip().endswith("?") or words.split(" ", 1)[0] in _ASKING or _DENIED.search(words):
        return None
    fine = _FINE.search(words)
    if fine is not None and fine.start() > 0:
        return fine.start()
    return 0 if _WITHDRAWN.search(words) else None


def stems(words: str) -> set[str]:
    """Rough stems of the longer words ("breath", "breathing" alike), for telling what a clause names."""
    return {w[:5] for w in words.split() if len(w) >= 4 and w not in _COMMON}
