"""Benchmark the query layer: validate + compute + write on the committed dataset, and on a
generated dataset at 100x the national volume. Prints wall time and peak memory per stage.

    python bench/results.py            # committed dataset, then scale 100
    python bench/results.py --scale 0  # committed dataset only
    python bench/results.py --data DIR # committed dataset, then DIR (made by synth) as is
    python bench/results.py --only synth  # the generator alone at scale 100

The net survival computation is also timed on its own (it runs inside compute).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

STAGE = r"""
import json, os, resource, sys, threading, time
from pathlib import Path

def tree_mb():  # memory in use by this process and its workers (net survival runs one)
    parent, rss = {}, {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(name)], rss[int(name)] = int(fields[1]), int(fields[21])
    mine, found = {os.getpid()}, True
    while found:
        more = {p for p, q in parent.items() if q in mine} - mine
        found = bool(more)
        mine |= more
    return sum(rss.get(p, 0) for p in mine) * os.sysconf("SC_PAGE_SIZE") / 2**20

peak = [0.0]
def sample():
    while True:
        peak[0] = max(peak[0], tree_mb())
        time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
stage, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
if stage == "synth":
    from report import synth
    synth.generate(Path(out), seed=2025, scale=float(data))
elif stage == "survival":  # the net survival computation alone, after loading the data
    from report.compute import registry, results, survival_results
    from report.ingest import extracts
    dataset = extracts.locate(None if data == "-" else Path(data))
    con = extracts.load(dataset)
    catalogue, settings = registry.catalogue(), registry.settings()
    follow_up = results.set_variables(con, catalogue, settings, dataset.follow_up)
    year = results.report_year(con, dataset, None)
    start = time.perf_counter()
    cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    survival_results.compute(con, catalogue.get("survival").sql, settings, year, follow_up)
else:
    from report.compute import results
    from report.publish import outputs
    result_set = results.compute(None if data == "-" else Path(data))
    outputs.write(result_set, Path(out))
usage = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": max(usage.ru_maxrss / 1024, peak[0]),
                  "cpu": usage.ru_utime + usage.ru_stime - cpu0
                         + workers.ru_utime + workers.ru_stime}))
"""


def stage(name: str, data: str, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", STAGE, name, data, str(out)], check=True,
                          capture_output=True, text=True)
    last = done.stdout.strip().splitlines()[-1]
    return json.loads(last[last.rindex("{"):])


def report(label: str, figures: dict) -> None:
    """Wall time, CPU time (all threads and worker processes; the machine may be shared) and
    peak memory (of the process and its workers together, sampled) of one stage."""
    print(f"{label:<52} {figures['seconds']:7.1f} s   cpu {figures['cpu']:7.1f} s   "
          f"peak {figures['peak_mb']:7.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=100)
    parser.add_argument("--data", type=Path, help="a generated dataset to time as it is")
    parser.add_argument("--only", choices=("synth",), help="run this stage alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.only == "synth":
            report(f"synth --scale {args.scale:g}",
                   stage("synth", str(args.scale), tmp / f"scale{args.scale:g}"))
            return
        for run in (1, 2):
            report(f"committed dataset: validate + compute + write (run {run})",
                   stage("results", "-", tmp / "site"))
        report("committed dataset: net survival (after loading)",
               stage("survival", "-", tmp / "unused"))
        if args.data or args.scale:
            data, label = args.data, str(args.data)
            if data is None:
                data, label = tmp / f"scale{args.scale:g}", f"scale {args.scale:g}"
                report(f"synth --scale {args.scale:g}", stage("synth", str(args.scale), data))
            size = sum(p.stat().st_size for p in data.rglob("*.parquet")) / 1e6
            print(f"{'  extracts on disk':<52} {size:7.0f} MB")
            report(f"{label}: net survival (after loading)",
                   stage("survival", str(data), tmp / "unused"))
            report(f"{label}: validate + compute + write",
                   stage("results", str(data), tmp / "site-big"))


if __name__ == "__main__":
    main()
