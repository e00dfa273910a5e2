"""How an assessment looks: on a terminal (optionally in colour) and as JSON.

Text from the message is never echoed raw: control characters and escape
sequences are replaced, so a message cannot recolour or clear the terminal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .safety_net import GROUP as SAFETY_NET
from .text import is_unsafe
from .types import Assessment, Finding, Level

if TYPE_CHECKING:
    from collections.abc import Collection

# How each level looks, the one table for both faces: (ANSI code for printed answers,
# prompt-toolkit style for the chat's status bar)
LEVEL_STYLES = {
    Level.EMERGENCY: ("\x1b[1;97;41m", "bg:ansired fg:ansiwhite bold"),  # bold white on red
    Level.URGENT: ("\x1b[1;31m", "fg:ansired bold"),
    Level.SOON: ("\x1b[1;33m", "fg:ansiyellow bold"),
    Level.ROUTINE: ("\x1b[1;32m", "fg:ansigreen bold"),
    Level.NONE: ("\x1b[1m", "bold"),
}
COLOURS = {level: ansi for level, (ansi, _toolkit) in LEVEL_STYLES.items()}
DIM = "\x1b[2m"
RESET = "\x1b[0m"


def is_utf8(stream) -> bool:
    """True when `stream` takes any character (its encoding is UTF-8, or it has none of its own)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def use_colour(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def safe(text: str) -> str:
    """`text` with control and format characters (ESC, NUL, bidi overrides) made visible and harmless."""
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(" ")
        elif is_unsafe(ch):
            out.append("\N{REPLACEMENT CHARACTER}" if ch not in "\r" else " ")
        else:
            out.append(ch)
    return "".join(out)


def terminal_width(stream=None) -> int | None:
    """The columns to wrap an answer to: the terminal's (or COLUMNS), None when writing to a file or pipe."""
    stream = stream or sys.stdout
    if not os.environ.get("COLUMNS") and not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    return shutil.get_terminal_size().columns


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{RESET}" if colour else text


def finding_line(finding: Finding, *, colour: bool = False) -> str:
    """One finding as a list line: the leaflet item, its level, and the words of the message that matched."""
    return _paint_levels(_finding_text(finding), colour)


def _finding_text(finding: Finding, *alike: Finding) -> str:
    """ "  - item [LEVEL] - from "words"", with the items the same words matched at the same level."""
    words = ", ".join(f'"{safe(w)}"' for w in finding.matched)
    read = [safe(why) for why in finding.why if why.startswith(_READ)]
    items = "; ".join(f.item for f in (finding, *alike))
    return f"  - {items} [{finding.level.value.upper()}] - from {words}" + (
        f" ({'; '.join(read)})" if read else "")


_LEVEL_TAG = re.compile(r"\[(" + "|".join(level.value.upper() for level in Level) + r")\]")
_QUOTE = re.compile(r'^(?P<title>.+?): the leaflet says "(?P<quote>.*)"$', re.DOTALL)  # a Precautions group's quote
_TIER = 'The leaflet says: "'  # the sentence over a tier's list
_MATCHED, _READ = "matched ", "read "  # an explanation's own words, then a correction (assess.py)
_NOT_COUNTED = "Not counted:"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_SET_ASIDE = re.compile(r"^Not counted: (?P<what>.+) - (?P<why>[^-]+)\.$", re.DOTALL)  # assess.py's note


def _paint_levels(text: str, colour: bool) -> str:
    """`[URGENT]` and the like in their level's colour."""
    if not colour:
        return text
    return _LEVEL_TAG.sub(lambda m: f"[{_paint(m.group(1), COLOURS[Level(m.group(1).lower())], True)}]", text)


def _reason(why: str) -> tuple[str, str]:
    """A rule's reason and its source: "... can be a heart attack (FDA ...)" -> ("... heart attack", "FDA ...")."""
    if not why.endswith(")"):
        return why, ""
    depth = 0
    for at in range(len(why) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(why[at], 0)
        if depth == 0:
            if at > 0 and why[at - 1] == " ":
                return why[:at - 1], why[at + 1:-1]
            return why, ""
    return why, ""


def _wrap(text: str, width: int | None, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """`text` wrapped to `width` (None: one line), never inside a word or a number ("1-800-FDA-1088")."""
    subsequent = indent if subsequent is None else subsequent
    if width is None:
        return [indent + text]
    return textwrap.wrap(text, max(width, 20), initial_indent=indent, subsequent_indent=subsequent,
                         break_long_words=False, break_on_hyphens=False) or [indent]


def wrap_lines(text: str, width: int | None) -> list[str]:
    """Each line of `text` wrapped to `width`, keeping its own indent ("  - item": "    " after)."""
    lines = []
    for line in text.splitlines():
        body = line.lstrip(" ")
        indent = line[:len(line) - len(body)]
        bullet = indent + "- " if body.startswith("- ") else indent
        lines.extend(_wrap(body, width, indent=indent, subsequent=" " * len(bullet)) if body else [""])
    return lines


ROWS = 24  # one screen: every short answer fits it on a terminal, at 60 columns as at 120
# A short answer's own lines when a symptom is counted: with the blank line and the follow-up question
# the chat may put under it (at most three lines at 60 columns) the reply still fits one screen. No
# question follows an emergency, or an answer with nothing counted.
ANSWER_ROWS = ROWS - 4


@dataclass(frozen=True)
class _Detail:
    """How much a short answer says; _shorter() gives less and less until the answer fits.

    questions: "full" (the answer, the leaflet's quote and the words that asked), "brief" (the
    answer), "titles" (only what was asked about, under a symptom), "none"; answered: how many
    questions get their answer when nothing else is counted, the others named (None: all);
    named: whether those others are named; clipped: each answer to a question cut after its first
    sentence; quotes: the Precautions quotes "full", by their
    "names" or "none"; repeats: the notes on what was set aside that the first line already
    names; item_notes: the leaflet's notes on what would change an item's level; tight: no blank
    lines between the parts; shown: how many finding lines (None: all); heading: the leaflet's
    name in the heading over the findings; other_notes: the notes that say neither what was set
    aside nor what would change an item's level (whose report it is, a word read as another).
    """

    questions: str = "full"
    answered: int | None = None
    named: bool = True
    clipped: bool = False
    quotes: str = "full"
    repeats: bool = True
    tight: bool = False
    item_notes: bool = True
    shown: int | None = None
    heading: bool = True
    other_notes: bool = True


def to_text(answer: Assessment, *, colour: bool = False, verbose: bool = False, width: int | None = None,
            more: str = "", item_notes: Collection[str] = (), rows: int | None = None) -> str:
    """The answer as a person reads it in a terminal: action first, each reason once.

    The first line is the overall level and what to do now; then what matched, each finding
    once with the words that matched; the source of the level and a Precautions quote once
    per answer. `verbose` adds the long explanation: each finding's reasons, every quote, the
    leaflet's list sentences and every note.

    `width` wraps the text to a terminal's columns, never inside a word or a number; the short
    answer then fits `rows` lines (default: ANSWER_ROWS when a symptom short of an emergency is
    counted, ROWS otherwise). What a crowded answer leaves out, in this order (_shorter): the
    leaflet's quotes under answers to questions, the Precautions quotes (named instead), the
    answers to questions (named), set-aside notes the first line already names, the blank
    lines, the notes on what would change an item's level, findings ("and N more"), the
    leaflet's name over them, and last the other notes (whose report it is, a word read as
    another); what still fits goes back in, the most useful first. Never left out: the first
    line, what to do, the reason, what was set aside, the footer. `width` None (a file or a
    pipe): not wrapped, each paragraph one line, nothing left out to fit.

    `more` is the hint shown when the short answer leaves something out (how to see the rest).
    `item_notes`: the leaflet's notes on what would change an item's level
    (`bot.knowledge.leaflet.notes`), moot in an emergency and so left to the long answer there.
    """
    options = dict(colour=colour, width=width, more=more, item_notes=frozenset(item_notes))
    if verbose:
        return "\n".join(_compose(answer, **options, verbose=True))
    if width is None:  # a file or a pipe: nothing to fit
        return "\n".join(_compose(answer, **options))
    if rows is None:
        rows = ANSWER_ROWS if answer.counted and answer.level is not Level.EMERGENCY else ROWS

    def fits(lines: list[str]) -> bool:
        return len(lines) <= rows

    for detail in _shorter(answer):
        lines = _compose(answer, **options, detail=detail)
        if fits(lines):
            break
    # then what a late step left out goes back in where it still fits, the most useful first (the
    # notes on what would make an item an emergency before the names of questions asked)
    for field, values in _PUT_BACK:
        for value in values:
            if getattr(detail, field) == value:
                break
            tried = _compose(answer, **options, detail=replace(detail, **{field: value}))
            if fits(tried):
                detail, lines = replace(detail, **{field: value}), tried
                break
    return "\n".join(lines)


# (field of _Detail, its values from the most said), in the order they are put back
_PUT_BACK = (("item_notes", (True,)), ("other_notes", (True,)), ("shown", (None,)), ("heading", (True,)),
             ("questions", ("full", "brief", "titles")), ("quotes", ("full", "names")), ("tight", (False,)),
             ("repeats", (True,)), ("answered", (None,)), ("named", (True,)), ("clipped", (False,)))


def _shorter(answer: Assessment):
    """The short answer's details, from the most said to the least: each step leaves out what
    matters least of what is left (quotes and repeats before findings, never the first line,
    what to do, the reason, what was set aside or the footer)."""
    detail = _Detail()
    steps = [dict(questions="brief"), dict(quotes="names")]
    if answer.counted:  # a symptom leads: the questions are named only
        steps.append(dict(questions="titles"))
    else:  # only questions: the first ones answered, the others named
        steps += [dict(answered=fewer) for fewer in range(len(answer.questions) - 1, 0, -1)]
    steps += [dict(repeats=False), dict(quotes="none"),
              dict(questions="none") if answer.counted else dict(named=False), dict(tight=True),
              dict(item_notes=False)]
    steps += [dict(shown=fewer) for fewer in range(len(_alike(answer.counted)) - 1, 0, -1)]
    steps += [dict(heading=False), dict(other_notes=False)]
    if not answer.counted:
        steps.append(dict(clipped=True))
    yield detail
    for step in steps:
        detail = replace(detail, **step)
        yield detail


def _compose(answer: Assessment, *, colour: bool, width: int | None, more: str, item_notes: frozenset[str],
             verbose: bool = False, detail: _Detail = _Detail()) -> list[str]:
    """The answer's lines, at the given `detail` (the long answer with `verbose`)."""
    counted = answer.counted
    action, others, quotes, tiers = _advice_parts(answer)
    emergency = answer.level is Level.EMERGENCY
    out: list[str] = []
    left_out = False
    shown = None if verbose else detail.shown

    def paragraph(text: str, *, indent: str = "", subsequent: str | None = None, code: str = "") -> None:
        for line in _wrap(text, width, indent=indent, subsequent=subsequent):
            out.append(_paint(line, code, colour) if code else _paint_levels(line, colour))

    def blank() -> None:
        if out and out[-1] != "" and not detail.tight:
            out.append("")

    paragraph(answer.headline, code=COLOURS[answer.level])
    # the answers to questions: in full in the long answer; in the short one as the detail says, and
    # named only ("You also asked about") under an emergency or when a symptom leads a crowded answer
    asked = "full" if verbose else detail.questions
    if counted and emergency and asked in ("full", "brief"):
        asked = "titles"
    elif not counted and asked in ("titles", "none"):
        asked = "brief"  # only questions: their answers are the answer
    answered = None if verbose or counted else detail.answered
    questions = _questions_text(answer, brief=asked == "brief", answered=answered, named=detail.named,
                                clipped=detail.clipped)
    left_out = bool(questions) and asked != "full"
    if questions and not counted:  # only a question: its answers come first
        blank()
        out.extend(wrap_lines("\n".join(q for q in questions if q or not detail.tight), width))
        blank()
    reasons: dict[str, str] = {}  # a rule's reason -> its source, each once
    for finding in counted:
        for why in finding.why:
            if not why.startswith((_MATCHED, _READ)):
                reason, source = _reason(why)
                if source:
                    reasons.setdefault(reason, source)
    # advice that names where an emergency comes from ("This is an emergency whatever the medicine: it
    # comes from general emergency guidance (...)") is a reason: the short answer says it under "Why"
    said = [line for line in others if any(source in line for source in reasons.values())]
    for line in [action] + [line for line in others if line not in said or verbose]:  # what to do now first
        paragraph(line)
    left_out = left_out or any(source.partition(": ")[2] for line in said for source in reasons.values()
                               if source in line)
    if counted:
        blank()
        # safety-net signs are not the leaflet's: say so in the heading when they are all there is
        from_net = all(f.group == SAFETY_NET for f in counted)
        paragraph("What matched (general emergency guidance, not the leaflet):" if from_net
                  else f"What matched the leaflet ({answer.leaflet}):" if detail.heading or verbose
                  else "What matched the leaflet:")
        if verbose:
            for finding in counted:
                paragraph(_finding_text(finding).lstrip(" "), indent="  ", subsequent="    ")
                for why in finding.why:
                    if not why.startswith(_READ):  # a correction is on the finding's own line
                        reason = _reason(why)[0]
                        paragraph(f"why: {safe(reason if reason in reasons else why)}", indent="      ",
                                  subsequent="        ", code=DIM)
        else:
            alike = _alike(counted)
            left_out = left_out or any(len(f.why) > 1 for f in counted)
            for findings in alike[:shown]:
                paragraph(_finding_text(*findings).lstrip(" "), indent="  ", subsequent="    ")
            if shown is not None and shown < len(alike):
                paragraph(f"and {len(alike) - shown} more", indent="  ")
        by_source: dict[str, list[str]] = {}
        for reason, source in reasons.items():
            by_source.setdefault(source, []).append(reason)
        # each reason once: a source the advice names is said by that line ("This is an emergency whatever
        # the medicine: it comes from general emergency guidance (...), not from the leaflet."), shown here
        # in the short answer with the source by its name only
        by_source = {source: r for source, r in by_source.items() if not any(source in line for line in said)}
        if by_source or (said and not verbose):
            blank()
        if not verbose:
            for line in said:
                for source in reasons.values():
                    line = line.replace(source, source.partition(": ")[0])
                paragraph(safe(line))
        for source, because in by_source.items():
            if len(because) == 1 and not verbose:  # the reason, and its source by name
                paragraph(f"Why: {safe(because[0])} ({safe(source.partition(': ')[0])}).")
            else:
                paragraph(f"Why: {safe(source)}.")

    # the leaflet's Precautions quotes, once each, where they fit the answer's level: never "call your
    # doctor right away if ..." in a routine answer; in an emergency's short answer left to the long one,
    # and in a crowded urgent one named only
    titles = "; ".join(m.group("title").removesuffix(" (Precautions)") for m in quotes)
    if quotes and answer.level.rank >= Level.URGENT.rank and (verbose or (not emergency and detail.quotes == "full")):
        blank()
        for match in quotes:
            paragraph(match.group(0))
    elif quotes and (verbose or (answer.level.rank >= Level.URGENT.rank and not emergency
                                 and detail.quotes == "names")):
        blank()
        paragraph(f"Also among the warning signs in the leaflet's Precautions section: {titles}.")
        left_out = left_out or not verbose
    elif quotes:
        left_out = True
    if tiers and verbose:
        blank()
        for line in tiers:
            paragraph(line)
    left_out = left_out or bool(tiers)

    # what would change an item's level: moot in an emergency, and left out of a crowded short answer
    notes = [n for n in answer.notes if verbose or (detail.item_notes and not emergency) or n not in item_notes]
    if not (verbose or detail.other_notes):  # last: what is neither set aside nor an item's note
        notes = [n for n in notes if _SET_ASIDE.match(n) is not None or n in item_notes]
    if not (verbose or detail.repeats):  # what was set aside, when the first line names it already
        notes = [n for n in notes if not _named_in(n, answer)]
    left_out = left_out or len(notes) < len(answer.notes)
    if not verbose:
        notes = _set_aside_together(notes)
    if notes:
        blank()
        for note in notes:
            paragraph(f"Note: {safe(note)}")
    if questions and counted and asked == "titles":  # the action first; the answers on request
        blank()
        named = "; ".join(dict.fromkeys(safe(getattr(q, "title", "") or str(q)) for q in answer.questions))
        paragraph(f"You also asked about: {named}.")
    elif questions and counted and asked != "none":  # the symptom's level leads; the answers follow
        blank()
        out.extend(wrap_lines("\n".join(q for q in questions if q or not detail.tight), width))
    blank()
    if more and left_out and not verbose:
        paragraph(more)
    paragraph(answer.safety)  # plain, never dim: it says what to do in an emergency
    return out


def _named_in(note: str, answer: Assessment) -> bool:
    """True when `note` says an item was set aside ("Not counted: 'chest', 'pain' (chest pain) - why.")
    and the answer's first line names each item it sets aside."""
    if _SET_ASIDE.match(note) is None:
        return False
    items = {f.item for f in answer.not_counted if f"({f.item})" in note}
    return bool(items) and all(item in answer.headline for item in items)


def _set_aside_together(notes: list[str]) -> list[str]:
    """The "Not counted: 'x' (item) - why." notes with the same why as one note, in the first one's place."""
    together: dict[str, list[str]] = {}
    for note in notes:
        if (match := _SET_ASIDE.match(note)) is not None:
            together.setdefault(match.group("why"), []).append(match.group("what"))
    out = []
    for note in notes:
        match = _SET_ASIDE.match(note)
        if match is None:
            out.append(note)
        elif match.group("why") in together:
            what = together.pop(match.group("why"))
            out.append(note if len(what) == 1 else f"{_NOT_COUNTED} {'; '.join(what)} - {match.group('why')}.")
    return out


def _alike(findings: tuple[Finding, ...]) -> list[tuple[Finding, ...]]:
    """Findings that the same words matched at the same level, together, in order: one line each."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        key = (finding.level, finding.matched, tuple(w for w in finding.why if w.startswith(_READ)))
        groups.setdefault(key, []).append(finding)
    return [tuple(group) for group in groups.values()]


def _advice_parts(answer: Assessment) -> tuple[str, list[str], list[re.Match], list[str]]:
    """The advice as (what to do, other advice, Precautions quotes, list sentences)."""
    action, *rest = answer.advice or ("",)
    others, quotes, tiers = [], [], []
    for line in rest:
        if line.startswith(_TIER):
            tiers.append(line)
        elif (match := _QUOTE.match(line)) is not None:
            quotes.append(match)
        else:
            others.append(line)
    return action, others, quotes, tiers


def _questions_text(answer: Assessment, *, brief: bool = False, answered: int | None = None,
                    named: bool = True, clipped: bool = False) -> list[str]:
    """Each question's answer, a blank line between; words from the message made harmless.
    `brief`: the answer only, without the leaflet's quote and the words that asked; `answered`:
    how many questions are answered (None: all), the others named in one line (`named`);
    `clipped`: a brief answer cut after its first sentence ("...")."""
    lines = []
    for question in answer.questions[:answered]:
        if lines:
            lines.append("")
        title, said = getattr(question, "title", ""), getattr(question, "answer", "")
        if brief and title and said:
            first = _SENTENCE_END.split(said, maxsplit=1)
            lines.append(safe(f"About {title}: {first[0]} ..." if clipped and len(first) > 1 else
                              f"About {title}: {said}"))
            continue
        render = getattr(question, "to_text", None)
        lines.extend(safe(line) for line in (render().splitlines() if render else [str(question)]))
    rest = answer.questions[answered:] if answered is not None else ()
    if rest and named:
        titles = "; ".join(dict.fromkeys(safe(getattr(q, "title", "") or str(q)) for q in rest))
        lines += ["", f"You also asked about: {titles}."]
    return lines


def to_json(answer: Assessment, *, ascii_only: bool = False) -> str:
    """One JSON object on one line; control and format characters escaped, so none reach a terminal raw.

    `ascii_only`: every non-ASCII character escaped too, for an output that is not UTF-8.
    """
    text = json.dumps(answer.to_dict(), ensure_ascii=ascii_only)
    if text.isprintable():  # the usual case, checked at C speed: no control or format character
        return text
    return "".join(_json_escape(ch) if is_unsafe(ch) else ch for ch in text)


def _json_escape(ch: str) -> str:
    """`ch` as a JSON \\u escape (a surrogate pair beyond the Basic Multilingual Plane)."""
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
