"""Speed and memory of triage, measured in one run.

    python benchmarks/speed.py [--runs N]

Prints: batch throughput (messages per second, assess_many), median and p95
single-message latency (assess), peak memory of this process, the one-shot
command's cold wall time beside `python -c "import spacy"`, and time per message
as the message grows (it should grow roughly linearly with length).
"""

import argparse
import json
import resource
import statistics
import subprocess
import tempfile
import sys
import time
from pathlib import Path

import triage

HERE = Path(__file__).resolve().parent
DEV_CASES = HERE.parents[1] / "shared" / "eval" / "dev-cases.jsonl"
FALLBACK = [
    "my gums bleed when I brush", "no fever but my eyes itch", "my calf is swollen and hot",
    "feels like an elephant is sitting on my chest", "headache since this afternoon",
    "I've had the runs for a few days", "My dad had a stroke last year", "hi",
]


def messages() -> list[str]:
    if DEV_CASES.is_file():
        return [json.loads(line)["text"] for line in DEV_CASES.read_text().splitlines() if line.strip()]
    return FALLBACK


def cold_seconds(command: list[str], runs: int) -> float:
    """Median wall time of a fresh process running `command`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        # outside the source folder, so that the installed package is the one measured
        subprocess.run(command, check=True, capture_output=True, cwd=tempfile.gettempdir())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs per command (median)")
    parser.add_argument("--batch", type=int, default=5000, help="messages in the throughput batch")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    bot = triage.load()
    load_seconds = time.perf_counter() - start
    texts = messages()

    bot.assess_many(texts)  # warm caches before timing
    batch = (texts * (args.batch // len(texts) + 1))[: args.batch]
    start = time.perf_counter()
    bot.assess_many(batch)
    throughput = len(batch) / (time.perf_counter() - start)

    latencies = []
    for text in texts * 5:
        start = time.perf_counter()
        bot.assess(text)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()

    growth = []
    unit = "My calf is swollen and hot, no fever, and my gums bleed when I brush. "
    for repeat in (10, 20, 40, 80, 140):
        text = (unit * repeat)[: triage.MAX_CHARS]
        start = time.perf_counter()
        bot.assess(text)
        growth.append((len(text), (time.perf_counter() - start) * 1000))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spacy_cold = cold_seconds([sys.executable, "-c", "import spacy"], args.runs)
    triage_cold = cold_seconds([sys.executable, "-m", "triage", "ask", "my gums bleed when I brush"], args.runs)

    print(f"pipeline load             {load_seconds:.2f} s")
    print(f"batch throughput          {throughput:,.0f} messages/s ({len(batch)} messages)")
    print(f"single-message latency    median {statistics.median(latencies):.2f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95)]:.2f} ms")
    print(f"peak memory               {peak_mb:.0f} MB")
    print(f"cold one-shot             {triage_cold:.2f} s  (python -c 'import spacy': {spacy_cold:.2f} s, "
          f"ratio {triage_cold / spacy_cold:.2f}x)")
    print("time by message length    " + ", ".join(f"{n:,} chars {ms:.0f} ms" for n, ms in growth))
    per_char = [ms / n for n, ms in growth]
    print(f"                          ms per 1,000 chars: {min(per_char) * 1000:.1f} .. {max(per_char) * 1000:.1f}")


if __name__ == "__main__":
    main()
