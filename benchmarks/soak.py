"""A long run: memory and time per message over many messages, and the cost of hostile messages.

    python benchmarks/soak.py [--messages 100000] [--leaflet NAME]

Prints (never asserts: these machines are shared and noisy):
- for a long run of unique-ish messages, answered in batches as `triage ask --jsonl` does, at ten
  points: messages so far, resident memory, the words spaCy's vocabulary holds, and the time per
  message since the last point; then memory growth per 1,000 messages and per new word;
- for each hostile 10,000-character message (a composition's words repeated, one phrase
  repeated, 10,000 emoji, look-alike letters, a list of body sites, ...), its CPU time divided by
  an ordinary 10,000-character message's (case messages joined), and the worst.

The messages are the case files' messages (tests/cases/), each used in turn; from the second
round on, each gets a few words of its own ("(day 3, note 41)"), so no two messages are the
same and numbers spaCy has never seen keep coming, as they do in real use.
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE.parent / "tests" / "cases"
POINTS = 10


def case_messages() -> list[str]:
    """Every distinct non-empty message of the case files, in a fixed order."""
    seen: dict[str, None] = {}
    for path in sorted(CASES.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text", "") if line.strip() else ""
            if text.strip():
                seen.setdefault(text, None)
    return list(seen)


def messages(count: int, base: list[str]):
    """`count` messages built from `base`: each in turn, with words of its own after the first round."""
    for number in range(count):
        text = base[number % len(base)]
        rounds, place = divmod(number, len(base))
        yield text if not rounds else f"{text} (day {rounds}, note {place})"


def resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def hostile(limit: int) -> dict[str, str]:
    def fill(unit: str) -> str:
        return (unit * (limit // len(unit) + 1))[:limit]

    return {
        "a composition's words repeated ('red blotch dark center ...')": fill("red blotch dark center "),
        "several compositions' words repeated": fill("red spot dark center pink patch purple middle reddish mark "),
        "one phrase repeated ('chest pain chest pain ...')": fill("chest pain "),
        "look-alike letters ('сhеst pаin' in Cyrillic)": fill("\u0441h\u0435st p\u0430in "),
        "10,000 emoji ('🤒🤒🤒...')": fill("\U0001f912"),
        "emoji after a person, one long clause ('he 🤒he 🤒...')": fill("he \U0001f912"),
        "emoji after an aside ('my husband, who had 🤒🤒...')": fill("my husband, who had " + "\U0001f912" * 990 + ". "),
        "a list of body sites ('swollen calf ankle leg ...')": fill("swollen calf ankle leg foot arm eye "),
        "readings ('temp 101.3 HR 130 ...')": fill("temp 101.3 HR 130 "),
        "typos ('chesst pian fevr ...')": fill("chesst pian fevr "),
        "negations and people ('not my mother, no history of ...')": fill("not my mother, no history of "),
        "escape sequences ('ESC[31mfever ESC[0m ...')": fill("\x1b[31mfever\x1b[0m "),
        "one word of 10,000 letters": "a" * limit,
    }


def best_seconds(bot, text: str, runs: int = 3) -> float:
    """The least CPU time of `runs` answers to `text`: on a shared machine, other processes' load
    stretches the time on the clock (and so the ratios between messages) but not this."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        bot.assess(text)
        best = min(best, time.process_time() - start)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000, help="messages in the long run (default 100,000)")
    parser.add_argument("--leaflet", default=None, help="the leaflet to load (default: triage's default)")
    args = parser.parse_args(argv)
    if args.messages < POINTS:
        parser.error(f"--messages must be at least {POINTS}")

    import triage

    bot = triage.load(args.leaflet) if args.leaflet else triage.load()
    base = case_messages()
    strings = bot.nlp.vocab.strings
    bot.assess_many(base[:256])  # the first batch pays for what is made once
    print(f"long run: {args.messages:,} messages built from {len(base):,} case messages, in batches of 256")
    print(f"  {'messages':>9}  {'memory':>8}  {'words known':>11}  {'ms per message':>14}")
    start_mb, start_words = resident_mb(), len(strings)
    print(f"  {0:>9,}  {start_mb:>5.0f} MB  {start_words:>11,}")
    stream = messages(args.messages, base)
    done, step = 0, args.messages // POINTS
    per_message = []
    for point in range(1, POINTS + 1):
        size = step if point < POINTS else args.messages - done
        batch_start = time.perf_counter()
        left = size
        while left:
            batch = [next(stream) for _ in range(min(256, left))]
            bot.assess_many(batch)
            left -= len(batch)
        done += size
        ms = (time.perf_counter() - batch_start) / size * 1000
        per_message.append(ms)
        print(f"  {done:>9,}  {resident_mb():>5.0f} MB  {len(strings):>11,}  {ms:>14.2f}")
    grown_mb, new_words = resident_mb() - start_mb, len(strings) - start_words
    print(f"  memory grew {grown_mb:.1f} MB over {args.messages:,} messages "
          f"({grown_mb * 1024 / args.messages * 1000:.1f} KB per 1,000 messages); "
          f"{new_words:,} new words" + (f" ({grown_mb * 1024 / new_words:.2f} KB per new word)" if new_words else ""))
    print(f"  time per message: first tenth {per_message[0]:.2f} ms, last tenth {per_message[-1]:.2f} ms")

    ordinary = " ".join(base)[: triage.MAX_CHARS]
    plain = best_seconds(bot, ordinary)
    print(f"\nhostile {triage.MAX_CHARS:,}-character messages, CPU time, best of 3, "
          f"against an ordinary one of case messages ({plain * 1000:,.0f} ms):")
    worst = ("", 0.0)
    for name, text in hostile(triage.MAX_CHARS).items():
        seconds = best_seconds(bot, text)
        print(f"  {seconds * 1000:>7,.0f} ms  {seconds / plain:>5.1f}x  {name}")
        worst = max(worst, (name, seconds / plain), key=lambda pair: pair[1])
    print(f"  worst: {worst[1]:.1f}x an ordinary message ({worst[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
