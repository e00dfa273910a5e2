"""Per-turn latency of the chat: how long Conversation.turn takes, from the line typed to the reply.

    python benchmarks/chat_latency.py [--rounds N]

Plays a scripted conversation (follow-up questions and short answers,
corrections, a cross-turn escalation, /summary) N times, each in a fresh
Conversation, and prints the median, p95 and worst per-turn time. The pipeline
is loaded once beforehand (about a second) and is not counted: that is start-up,
not a turn.
"""

import argparse
import statistics
import time

import triage
try:
    from triage.conversation import Conversation
except ImportError:  # a version of triage from before the chat was split
    from triage.chat import Conversation

SCRIPT = (
    "I have a headache",
    "no",
    "nope",
    "I have a cough",
    "green stuff",
    "no",
    "I'm itchy",
    "on my arms",
    "my chest feels tight",
    "no, it's just tight",
    "actually no fever",
    "the itching went away",
    "I'm swollen",
    "on my calf",
    "I have trouble breathing and feel dizzy",
    "/summary",
    "what should I tell my doctor?",
    "my gums bleed when I brush and I feel really tired",
)


def per_turn_seconds(bot, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        chat = Conversation(bot)
        for line in SCRIPT:
            start = time.perf_counter()
            chat.turn(line)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="times to play the script (default 50)")
    args = parser.parse_args()
    bot = triage.load()
    per_turn_seconds(bot, 1)  # warm up: first calls fill spaCy's and the chat's caches
    times = sorted(per_turn_seconds(bot, args.rounds))
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"turns: {len(times)} ({len(SCRIPT)} per conversation x {args.rounds})")
    print(f"per-turn latency: median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, worst {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
