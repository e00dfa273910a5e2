"""A chat's conversation state: what was said, turn by turn, and the answer to each turn.

`Conversation` holds what was said and answers each turn; it holds no medical
rules. Every level comes from the library (`bot.assess` and the leaflet's own
escalation rules), every follow-up question from knowledge/followups.yaml. The
terminal (chat.py) only reads lines and prints what it returns.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace

from . import render
from .assess import answer, apply_rules
from .chat_texts import (BARE_COMMANDS, FINE_AFTER_ALL, MORE, QUIT_WORDS, TAKEN_TOGETHER, THANKS_AND_HELLOS,
                         asks_for_summary, clauses, join, short, stems, takes_back, wrap)
from .errors import InputError
from .followups import FollowUp, load_followups
from .safety_net import across_turns
from .schema import normalise
from .subject import FOR_UNKNOWN
from .types import Assessment, Finding, Level, most_urgent

_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes of a painted line, not counted in its width
CORRECTING_FLAGS = ("negated", "historical")  # "no fever", "the rash went away"; not "if I get a fever"


@dataclass
class _Entry:
    """One leaflet item the person reported, as assessed in its own turn, and their words."""

    finding: Finding
    said: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Pending:
    """The question waiting for an answer, about the entry for `item`."""

    followup: FollowUp
    item: str
    clarified: bool = False


class Conversation:
    """What the person has said so far, and the answer to each new turn.

        chat = Conversation(triage.load())
        print(chat.turn("I have a headache"))   # ROUTINE ..., then a follow-up question
        print(chat.turn("yes"))                 # EMERGENCY ...
        chat.level                              # Level.EMERGENCY
    """

    def __init__(self, bot, followups=None, *, colour: bool = False, history_file: str | None = None,
                 width: int | None = None):
        self.bot = bot
        self.width = width  # the terminal's columns (chat.py keeps it current); None: answers not wrapped
        self.knowledge = bot.knowledge
        self.followups = followups if followups is not None else load_followups(bot.knowledge)
        self.colour = colour
        self.history_file = history_file
        self._sites = tuple(f" {normalise(site)} " for site in self.knowledge.lexicon.sites)
        self._assessed: dict[str, Assessment] = {}  # the follow-ups' own fixed messages
        self._item_notes = frozenset(note.text for note in self.knowledge.leaflet.notes)
        self.finished = False
        self.reset()

    def reset(self) -> None:
        """Forget everything reported (the /reset command)."""
        self.entries: dict[str, _Entry] = {}  # leaflet item -> entry, in the order first reported
        self.removed: list[tuple[str, str]] = []  # (item, what the person said), for the summary
        self.asked: set[str] = set()
        self.pending: _Pending | None = None
        self.pending_user: list[str] | None = None  # items reported for someone not said to use it
        self.asked_user = False
        self.announced = Level.NONE  # the overall level as last shown, so a rise is shown once
        self.shown: list[Assessment] = []  # the answers of the last reply, explained in full by /why
        self._this_turn: set[str] = set()

    # ------------------------------------------------------------ the state

    def combined(self) -> list[Finding]:
        """Every reported finding with the leaflet's escalation rules applied across turns.

        "trouble breathing" one turn and "my calf is swollen" the next is the same
        warning pattern as both in one message.
        """
        findings = apply_rules([entry.finding for entry in self.entries.values()], self.knowledge)
        return findings + across_turns(findings, self.knowledge)

    @property
    def level(self) -> Level:
        """The overall level of everything reported and not taken back."""
        return most_urgent(f.level for f in self.combined())

    # ------------------------------------------------------------ a turn

    def turn(self, text: str) -> str:
        """The reply to one line the person typed ("" for an empty line), wrapped to `width`."""
        reply = self._turn(text)
        if self.width is None:
            return reply
        return "\n".join(line if len(_ANSI.sub("", line)) <= self.width else "\n".join(
            render.wrap_lines(line, self.width)) for line in reply.split("\n"))

    def _turn(self, text: str) -> str:
        text = text.strip()
        if not text:
            return ""
        command = self._command(text)
        if command is None:
            self.shown = []  # a new message: /why explains its answers
            self._this_turn: set[str] = set()  # the items it reports
        if command is not None:
            reply = command()
            if self.pending is not None and not self.finished:  # the question still stands
                reply += f"\n\nQuestion (still open): {self.pending.followup.question}"
            elif self.pending_user is not None and not self.finished:
                reply += f"\n\nQuestion (still open): {self.knowledge.subject.chat_question}"
            return reply
        try:
            if self.pending_user is not None:
                return self._answer_user(text)
            if self.pending is not None:
                return self._answer(text)
            return self._report(text)
        except InputError as error:
            return f"Sorry, I cannot read that: {error}"

    def _command(self, text: str):
        """The reply function for a command or a chat phrase, or None for a message to assess."""
        commands = {"/summary": self.summary, "/why": self.why, "/list": self.leaflet_lists, "/help": self.help,
                    "/reset": self._reset_reply, "/quit": self._quit, "/exit": self._quit}
        if text.startswith("/"):
            name = text.split()[0].lower()
            if name in commands:
                return commands[name]
            meant = difflib.get_close_matches(name, commands, n=1, cutoff=0.6)
            if meant:  # "/sumary"
                return lambda: f"Unknown command {render.safe(name)!r}: did you mean {meant[0]}?"
            return lambda: f"Unknown command {render.safe(name)!r}.\n\n{self.help()}"
        words = normalise(text)
        if words in QUIT_WORDS:
            return self._quit
        if asks_for_summary(words):
            return self.summary
        if f"/{words}" in commands and words in BARE_COMMANDS:  # "help", "why", without the slash
            return commands[f"/{words}"]
        no_question = self.pending is None and self.pending_user is None
        if words in THANKS_AND_HELLOS or (no_question and self._bare_answer(text)):
            return lambda: "Tell me what you feel, in your own words. /summary lists what you have told me."
        return None

    def _bare_answer(self, text: str) -> bool:
        """A plain "yes" or "no" with no question open: nothing to assess."""
        answer = self.followups.answers.read(text)
        return answer.kind != "other" and not answer.rest

    def _report(self, text: str) -> str:
        """A message describing symptoms: assess it, add what it reports, take back what it denies
        or says is fine after all ("the breathing is fine actually")."""
        answer = self.bot.assess(text)
        removed = self._take_back(answer, text)
        fine = self._said_fine(text)
        removed += self._take_off(fine, text, FINE_AFTER_ALL)
        kept = [f for f in answer.counted if f.item not in fine]  # "only out of breath from the stairs"
        for finding in kept:
            self._add(finding, [f'"{render.safe(text)}"'])
        if not kept and not removed:
            return self._text(answer)
        # the answer is shown whenever it says something: a finding, or a question answered
        lines = [self._text(answer)] if kept or answer.questions else []
        lines += self._taken_back_lines(removed)
        for_someone = [f.item for f in kept if FOR_UNKNOWN in f.modifiers]
        # asked once, and never after an emergency: that answer is given whoever it is about
        if for_someone and not self.asked_user and self.level is not Level.EMERGENCY:
            self.asked_user = True
            self.pending_user = for_someone
        return self._with_overall(lines, answer.level if kept else self.level)

    def _answer(self, text: str) -> str:
        """A reply to the pending question, read in its context."""
        pending = self.pending
        question = pending.followup
        reply = self.followups.answers.read(text)
        qa = f'asked "{short(question.question)}": "{render.safe(text)}"'
        if reply.kind == "yes":
            if question.yes:
                return self._resolve(pending, join(question.yes, reply.rest), qa)
            if reply.rest:
                return self._resolve(pending, question.reading(reply.rest), qa)
            if not pending.clarified:  # "yes" to "mucus, or blood?" says neither
                self.pending = replace(pending, clarified=True)
                return question.clarify
            reply = replace(reply, kind="unsure")
        if reply.kind in ("no", "unsure"):
            return self._keep(pending, reply.rest, qa, sure=reply.kind == "no")
        if self._takes_back(pending.item, self.bot.assess(text)) or pending.item in self._said_fine(text):
            # "actually the headache's gone", "the headache is fine actually"
            self.pending = None
            return self._report(text)
        return self._resolve(pending, question.reading(text), qa)

    def _resolve(self, pending: _Pending, message: str, qa: str) -> str:
        """Assess the answer as a message; what it finds replaces the finding the question was about."""
        self.pending = None
        answer = self.bot.assess(message)
        if not answer.counted and not answer.not_counted:  # nothing in it the leaflet knows
            return self._keep(pending, "", qa, sure=False)
        removed = self._take_back(answer, message)
        earlier = self.entries.get(pending.item)
        if answer.counted and earlier is not None:
            del self.entries[pending.item]
        for finding in answer.counted:
            self._add(finding, (earlier.said if earlier else []) + [qa])
        reading = f'Taking that as: "{render.safe(message)}"'
        shown = self._text(answer)
        # an emergency comes first, before any explanation of how the answer was read
        lines = [shown, "", reading] if answer.level is Level.EMERGENCY else [reading, "", shown]
        lines += self._taken_back_lines(removed)
        return self._with_overall(lines, answer.level)

    def _keep(self, pending: _Pending, rest: str, qa: str, *, sure: bool) -> str:
        """A "no" or "not sure": the finding stays as first reported; anything after is a new message."""
        self.pending = None
        entry = self.entries.get(pending.item)
        if entry is not None:
            entry.said.append(qa)
        thanks = "Thank you." if sure else "All right: I will go by what you told me."
        if not sure:  # a sign the person cannot rule out stays possible: say what to do if it is there
            possible = self._possible_level(pending)
            if possible.rank > self.level.rank:
                thanks += f" If it is so: {self._paint(self._headline(possible), possible)}"
        if rest:
            return f"{thanks}\n\n{self._report(rest)}"
        return self._with_overall([thanks], self.level, always=True)

    def _possible_level(self, pending: _Pending) -> Level:
        """The most urgent level one of the question's answers would lead to."""
        others = [entry.finding for key, entry in self.entries.items() if key != pending.item]
        levels = [most_urgent(f.level for f in apply_rules(others + list(self._assess_fixed(m).counted),
                                                           self.knowledge))
                  for m in pending.followup.candidates()]
        return most_urgent(levels)

    def _answer_user(self, text: str) -> str:
        """The reply to "does the person you describe use this medicine?"."""
        items, self.pending_user = self.pending_user, None
        reply = self.followups.answers.read(text)
        subject = self.knowledge.subject
        if reply.kind == "no":
            removed = [(item, subject.chat_not_user) for item in items if self.entries.pop(item, None)]
            self.removed += [(item, f'"{render.safe(text)}"') for item, _ in removed]
            lines = ["Thank you."] + self._taken_back_lines(removed)
            if reply.rest:
                return "\n".join(lines) + f"\n\n{self._report(reply.rest)}"
            return self._with_overall(lines, self.level, always=True)
        if reply.kind == "other":  # not an answer: a new message
            return self._report(text)
        thanks = "Thank you." if reply.kind == "yes" else subject.chat_unsure
        if reply.rest:
            return f"{thanks}\n\n{self._report(reply.rest)}"
        return self._with_overall([thanks], self.level, always=True)

    # ------------------------------------------------------------ findings in, findings out

    def _add(self, finding: Finding, said: list[str]) -> None:
        self._this_turn.add(finding.item)
        self.removed = [(item, words) for item, words in self.removed if item != finding.item]  # said again
        entry = self.entries.get(finding.item)
        if entry is None:
            self.entries[finding.item] = _Entry(finding, list(dict.fromkeys(said)))
            return
        if finding.level.rank >= entry.finding.level.rank:
            entry.finding = finding
        entry.said.extend(s for s in said if s not in entry.said)

    def _take_back(self, answer: Assessment, text: str) -> list[tuple[str, str]]:
        """Remove earlier findings this message denies or says are gone ("actually no fever")."""
        removed = []
        for finding in answer.not_counted:
            if set(finding.flags) & set(CORRECTING_FLAGS) and finding.item in self.entries:
                del self.entries[finding.item]
                why = " and ".join(self.knowledge.levels.not_counted.get(f, f) for f in finding.flags)
                removed.append((finding.item, why))
                self.removed.append((finding.item, f'"{render.safe(text)}"'))
        return removed

    def _said_fine(self, text: str) -> set[str]:
        """The reported items a message says are fine after all, in the ordinary ways: "the breathing
        is fine actually", "forget the headache", "I was wrong about the fever", "I was only out of
        breath from the stairs". Only items already reported, only in a clause that says so and
        does not deny it ("is not fine", "still"), and never in a question ("is it ok with a rash?")."""
        if not self.entries:
            return set()
        fine = set()
        for clause in clauses(text):
            words = normalise(clause)
            named_first = takes_back(clause, words)
            if named_first is None:
                continue
            said = stems(words if not named_first else words[:named_first])
            found = {f.item for f in self.bot.assess(clause).heard}
            fine |= {item for item, entry in self.entries.items()
                     if item in found or said & stems(" ".join((*entry.finding.matched, item)))}
        return fine

    def _take_off(self, items: set[str], text: str, why: str) -> list[tuple[str, str]]:
        removed = []
        for item in [item for item in self.entries if item in items]:
            del self.entries[item]
            removed.append((item, why))
            self.removed.append((item, f'"{render.safe(text)}"'))
        return removed

    def _takes_back(self, item: str, answer: Assessment) -> bool:
        return any(f.item == item and set(f.flags) & set(CORRECTING_FLAGS) for f in answer.not_counted)

    @staticmethod
    def _taken_back_lines(removed: list[tuple[str, str]]) -> list[str]:
        return [f"Taken off the list: {item} ({why})." for item, why in removed]

    # ------------------------------------------------------------ the overall level, the next question

    def _with_overall(self, lines: list[str], turn_level: Level, *, always: bool = False) -> str:
        """The turn's lines, then the overall level when it says more than the turn, then a question."""
        lines = list(lines)
        overall = self._overall_lines(turn_level, always=always)
        if overall and overall[0] == TAKEN_TOGETHER:
            lines = overall + [""] + lines  # the most urgent answer leads: one answer, one level
        elif overall:
            lines += [""] + overall
        self.announced = self.level
        if self.pending_user is not None:
            return "\n".join(lines + ["", f"Question: {self.knowledge.subject.chat_question} (yes / no / not sure)"])
        question = self._next_question()
        if question is not None:
            hint = " (yes / no / not sure)" if question.yes else ""
            lines += ["", f"Question: {question.question}{hint}"]
        return "\n".join(lines)

    def _overall_lines(self, turn_level: Level, *, always: bool = False) -> list[str]:
        if not self.entries:
            return ["Nothing is on your list now."]
        combined = self.combined()
        level = most_urgent(f.level for f in combined)
        raised = [f for f in combined
                  if f.item not in self.entries or f.level.rank > self.entries[f.item].finding.level.rank]
        if raised and level.rank > max(turn_level.rank, self.announced.rank):  # turns together match a rule
            return [TAKEN_TOGETHER, "",
                    self._text(self._overall_answer(combined))]
        if always or set(self.entries) - self._this_turn or level != turn_level:  # says more than the turn
            items = "; ".join(self.entries)
            return [f"Overall so far: {self._paint(self._headline(level), level)} Reported: {items}."]
        return []

    def _overall_answer(self, combined: list[Finding]) -> Assessment:
        # the same explanation as a one-message answer: Precautions quotes, tier sentence, notes
        return answer("", combined, [], self.knowledge)

    def _next_question(self) -> FollowUp | None:
        """The first question not yet asked whose answer could change the overall level."""
        if self.pending is not None or self.level is Level.EMERGENCY:
            return None  # an emergency answer is never held back behind a question
        for item, entry in reversed(self.entries.items()):
            for question in self.followups.about(entry.finding.item, entry.finding.concept):
                if question.id in self.asked or self._already_said(question, entry.finding):
                    continue
                if self._could_change(question, item):
                    self.asked.add(question.id)
                    self.pending = _Pending(question, item)
                    return question
        return None

    def _already_said(self, question: FollowUp, finding: Finding) -> bool:
        sentence = f" {normalise(finding.sentence)} "
        if question.unless_site and any(site in sentence for site in self._sites):
            return True
        return any(f" {word} " in sentence for word in question.unless_said)

    def _could_change(self, question: FollowUp, item: str) -> bool:
        others = [entry.finding for key, entry in self.entries.items() if key != item]
        current = self.level
        for message in question.candidates():
            findings = others + list(self._assess_fixed(message).counted)
            if most_urgent(f.level for f in apply_rules(findings, self.knowledge)) != current:
                return True
        return False

    def _assess_fixed(self, message: str) -> Assessment:
        if message not in self._assessed:
            self._assessed[message] = self.bot.assess(message)
        return self._assessed[message]

    # ------------------------------------------------------------ fixed texts

    def greeting(self) -> str:
        saved = (f"What you type is kept in {render.safe(self.history_file)} (--history)."
                 if self.history_file else "Nothing you type is saved.")
        lines = [
            self._wrap(f"Side-effect check: {self.knowledge.leaflet.title}"),
            "",
            self._wrap("Tell me what you feel, in your own words, over as many messages as you like. "
                       "I answer from this medicine's leaflet only: what it says to do, and the lines of it "
                       "that match. I cannot examine you or diagnose anything, and I do not replace your doctor."),
            self._wrap("/summary lists what you told me (or ask \"what should I tell my doctor?\"), /why explains "
                       f"an answer, /list shows the leaflet's lists, /help, /reset. /quit or Ctrl-D to leave. {saved}"),
            "",
            self._wrap(self.knowledge.levels.safety),
        ]
        return "\n".join(lines)

    def help(self) -> str:
        """The commands, in lines that fit a 60-column terminal."""
        return "\n".join([
            self._wrap("Describe what you feel in your own words; I say what the leaflet says to do. "
                       "When I ask a question, a short answer is fine: \"yes\", \"nope\", \"on my calf\". "
                       "To take something back, say so: \"actually no fever\", \"the rash went away\", "
                       "\"the breathing is fine actually\"."),
            "",
            "  /summary  what you told me, by level, to read out",
            "            or paste to your doctor (or ask \"what",
            "            should I tell my doctor?\")",
            "  /why      the last answer explained in full",
            "  /list     the leaflet's side-effect lists and signs",
            "  /reset    forget everything and start again",
            "  /quit     leave (also \"bye\", Ctrl-D or Ctrl-C)",
            "  help, summary, why, list and quit work without the /",
        ])

    def summary(self) -> str:
        """What was reported, by level, in words to read out on the phone or paste into a message."""
        if not self.entries and not self.removed:
            return f"Nothing reported yet. Tell me what you feel, and /summary will list it.\n\n{self._safety()}"
        title = self.knowledge.leaflet.title
        lines = [f"What I have reported while using {title} (checked against its leaflet):"]
        lines += self._summary_by_level() if self.entries else ["Nothing is on the list now."]
        if self.removed:
            lines += ["", "Taken back:"]
            lines += [self._wrap(f"- {item}. I said: {said}", indent="  ", subsequent="    ")
                      for item, said in self.removed]
        return "\n".join(lines + ["", self._safety()])

    def _summary_by_level(self) -> list[str]:
        combined = self.combined()
        lines = [f"Overall: {self._headline(most_urgent(f.level for f in combined))}"]
        reasons = {}  # what the leaflet's rules concluded from several turns together
        for level in sorted({f.level for f in combined}, key=lambda lv: -lv.rank):
            lines += ["", self._headline(level)]
            for finding in (f for f in combined if f.level is level):
                entry = self.entries.get(finding.item)
                if entry is None:  # a safety-net sign that several reports make together
                    lines.append(self._wrap(f"- {finding.item}: what I reported, taken together",
                                       indent="  ", subsequent="    "))
                    reasons.update(dict.fromkeys(finding.why))
                    continue
                lines.append(self._wrap(f"- {finding.item}. I said: {'; '.join(entry.said)}",
                                   indent="  ", subsequent="    "))
                reasons.update(dict.fromkeys(w for w in finding.why if w not in entry.finding.why))
        if reasons:
            lines += ["", "Taken together:"]
            lines += [self._wrap(f"- {reason}", indent="  ", subsequent="    ") for reason in reasons]
        return lines

    def leaflet_lists(self) -> str:
        """The leaflet's side-effect items by tier and frequency group, then the Precautions signs."""
        leaflet = self.knowledge.leaflet
        lines = [f"The leaflet's side effects ({leaflet.title}):"]
        for tier, sentence in leaflet.tier_sentences.items():
            items = [item for item in leaflet.items if item.tier == tier]
            level = items[0].level if items else Level.NONE
            lines += ["", f"{self._paint(level.value.upper(), level)}: {sentence}:"]
            for group in dict.fromkeys(item.group for item in items):
                names = "; ".join(item.text for item in items if item.group == group)
                lines.append(self._wrap(f"{group}: {names}", indent="  ", subsequent="    "))
        if leaflet.groups:
            lines += ["", "Warning signs in the leaflet's Precautions section:"]
            for group in leaflet.groups:
                lines.append(self._wrap(f"{group.title} - {group.advice}: {'; '.join(group.signs)}",
                                   indent="  ", subsequent="    "))
        return "\n".join(lines)

    def status(self, width: int | None = None) -> tuple[Level | None, str]:
        """The overall level (None before anything is reported) and a one-line status, in `width`
        columns when given (the less useful parts left out first)."""
        if not self.entries:
            choices = ["Nothing reported yet  |  /help  /quit", "Nothing reported yet | /help", "/help /quit"]
            return None, _fitting(choices, width)
        level = self.level
        headline, count = self._headline(level), f"{len(self.entries)} reported"
        choices = [f"{headline}  |  {count}  |  /summary  /help  /quit", f"{headline} | {count} | /help",
                   f"{headline} | /help", headline, level.value.upper()]
        return level, _fitting(choices, width)

    def goodbye(self) -> str:
        return f"Take care.\n{self._safety()}"

    def _reset_reply(self) -> str:
        self.reset()
        return "Starting again: nothing is on your list now."

    def _quit(self) -> str:
        self.finished = True
        return self.goodbye()

    def why(self) -> str:
        """The long explanation of the last answers: each finding's reasons, the leaflet's quotes, notes."""
        if not self.shown:
            return "Nothing to explain yet. Tell me what you feel, and /why will explain the answer."
        return "\n\n".join(render.to_text(answer, colour=self.colour, verbose=True, width=self.width)
                            for answer in self.shown)

    def _text(self, answer: Assessment) -> str:
        """An answer as the chat shows it: action first, each reason once; /why for the rest."""
        self.shown.append(answer)
        return render.to_text(answer, colour=self.colour, width=self.width, more=MORE, item_notes=self._item_notes)

    def _wrap(self, text: str, **options) -> str:
        return wrap(text, width=self.width, **options)

    def _headline(self, level: Level) -> str:
        return self.knowledge.levels.by_level[level].headline

    def _safety(self) -> str:
        return self.knowledge.levels.safety

    def _paint(self, text: str, level: Level) -> str:
        return f"{render.COLOURS[level]}{text}{render.RESET}" if self.colour else text


def _fitting(choices: list[str], width: int | None) -> str:
    """The first of `choices` that fits `width` columns with a space either side (the last one anyway)."""
    if width is None:
        return choices[0]
    return next((choice for choice in choices if len(choice) + 2 <= width), choices[-1])
