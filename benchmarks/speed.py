"""Speed and memory of triage, measured side by side in one run.

    python benchmarks/speed.py [--runs 5]
    pip install '.[bench]'   # for the medspaCy comparison

Every message is used once (the case files' messages of 50-150 characters,
without repeats), so no cache can inflate a figure. Prints:
- the one-shot command's cold wall time beside `python -c "import spacy"` (median
  of `--runs`, alternating), and the floor: `spacy.blank("en")`, which any spaCy
  pipeline must make;
- `triage.load()` time in process, from the compiled pipeline or built;
- throughput of `assess_many` beside a plain medspaCy pipeline (sentencizer +
  TargetMatcher over the leaflet's item phrases + ConText's default rules) on the
  same messages, and the single-message latency (median, p95);
- peak memory of this process (before medspaCy is imported);
- time per message as messages grow to the 10,000-character limit, and for a crafted one.
Timings are never asserted in tests: these machines are shared and noisy.
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE.parent / "tests" / "cases"


def unique_messages(shortest: int = 50, longest: int = 150) -> list[str]:
    """Every distinct message of the case files within the length range, in a fixed order."""
    seen: dict[str, None] = {}
    for path in sorted(CASES.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text", "") if line.strip() else ""
            if shortest <= len(text) <= longest:
                seen.setdefault(text, None)
    return list(seen)


def cold_start(messages: list[str], runs: int) -> dict:
    """Median wall seconds of fresh processes, run alternately so that load on the machine hits all."""
    triage_cmd = [str(Path(sys.executable).with_name("triage")), "ask"]
    commands = {
        "import spacy": [sys.executable, "-c", "import spacy"],
        "spacy.blank('en')": [sys.executable, "-c", "import spacy; spacy.blank('en')"],
        "triage ask": None,
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs):
        for name, command in commands.items():
            command = command or triage_cmd + [messages[run % len(messages)]]  # a new message each run
            start = time.perf_counter()
            # outside the source folder, so that the installed package is the one measured
            subprocess.run(command, check=True, capture_output=True, cwd=tempfile.gettempdir())
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def medspacy_pipeline(bot):
    """sentencizer + TargetMatcher over the leaflet's item phrases + ConText (default rules)."""
    import spacy
    from medspacy.context import ConText  # noqa: F401  (registers medspacy_context)
    from medspacy.target_matcher import TargetRule

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = nlp.add_pipe("medspacy_target_matcher")
    matcher.add([TargetRule(item.text, "SIDE_EFFECT") for item in bot.knowledge.leaflet.items])
    nlp.add_pipe("medspacy_context")
    return nlp


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs per command (median)")
    args = parser.parse_args(argv)
    messages = unique_messages()
    half = len(messages) // 2
    batch, singles = messages[:half], messages[half:]

    cold = cold_start(messages, args.runs)
    floor, one_shot = cold["spacy.blank('en')"], cold["triage ask"]
    print(f"cold start (median of {args.runs}, alternating):")
    print(f"  python -c 'import spacy'   {cold['import spacy']:.2f} s")
    print(f"  spacy.blank('en') (floor)  {floor:.2f} s  ({floor / cold['import spacy']:.2f}x import spacy)")
    print(f"  triage ask \"...\"           {one_shot:.2f} s  ({one_shot / cold['import spacy']:.2f}x import spacy)")

    import spacy  # noqa: F401  (imported first, so that the load time below is triage's own)

    import triage

    start = time.perf_counter()
    bot = triage.load()
    load_seconds = time.perf_counter() - start
    source = "compiled pipeline" if _compiled() else "built from the knowledge files"
    print(f"triage.load() in process, spaCy already imported: {load_seconds:.2f} s ({source})")

    start = time.perf_counter()
    bot.assess_many(batch)
    ours = len(batch) / (time.perf_counter() - start)
    latencies = []
    for text in singles:
        start = time.perf_counter()
        bot.assess(text)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()

    growth = []
    long_text = " ".join(messages)  # distinct sentences, so no part repeats another
    for size in (100, 1_000, 2_500, 5_000, 10_000):
        text = long_text[-size:]  # from the end: not the messages the batch above has seen
        start = time.perf_counter()
        bot.assess(text)
        growth.append((size, (time.perf_counter() - start) * 1000))
    # a crafted message that repeats the words of a composition (issue 14): bounded, not exploding
    hostile = ("red blotch dark center " * 500)[: triage.MAX_CHARS]
    start = time.perf_counter()
    bot.assess(hostile)
    hostile_ms = (time.perf_counter() - start) * 1000
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before medspaCy is imported

    print(f"throughput (assess_many, {len(batch)} unique messages): {ours:,.0f} messages/s")
    print(f"latency (assess, {len(singles)} other unique messages): median {statistics.median(latencies):.2f} ms,"
          f" p95 {latencies[int(len(latencies) * 0.95)]:.2f} ms")
    print(f"peak memory: {peak_mb:.0f} MB")
    print("time per message as it grows:")
    for size, ms in growth:
        print(f"  {size:>6,} characters: {ms:7.1f} ms  ({ms / size * 1000:.2f} ms per 1,000 characters)")
    print(f"a crafted 10,000-character message repeating 'red blotch dark center': {hostile_ms:,.0f} ms")

    try:
        plain = medspacy_pipeline(bot)
    except ImportError:
        print("medspaCy comparison: medspaCy is not installed (pip install '.[bench]')")
        return 0
    start = time.perf_counter()
    for _doc in plain.pipe(batch):
        pass
    theirs = len(batch) / (time.perf_counter() - start)
    print(f"plain medspaCy pipeline on the same messages: {theirs:,.0f} messages/s;"
          f" triage is {ours / theirs:.1f}x as fast")
    return 0


def _compiled() -> bool:
    try:
        from triage import compiled
    except ImportError:  # a version of triage from before the compiled pipeline
        return False
    return compiled.is_fresh()


if __name__ == "__main__":
    sys.exit(main())
