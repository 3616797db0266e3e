"""Where the query layer's time goes: each stage of `results` timed in one process (wall, CPU
of all threads, memory in use at its end), the slowest queries named.

    python bench/stages.py            # the committed dataset
    python bench/stages.py DIR        # a generated dataset (python -m report.cli synth)

`bench/results.py` gives the totals (validate + compute + write, peak memory) that the
targets are about; this script says which stage to work on.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from report.compute import registry, results, survival_results
from report.ingest import extracts
from report.publish.suppress import publish_all


def _cpu() -> float:
    """CPU seconds of this process (every thread) and of its finished workers."""
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + workers.ru_utime + workers.ru_stime


class Clock:
    """Wall and CPU time since the last tick."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        self.start = self.wall

    def tick(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), _cpu()
        spent = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return spent


def _in_use_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def show(label: str, spent: tuple[float, float]) -> None:
    print(f"{label:<40} {spent[0]:7.1f} s   cpu {spent[1]:7.1f} s   "
          f"in use {_in_use_mb():6.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, help="a dataset folder (default: ours)")
    parser.add_argument("--top", type=int, default=5, help="slowest queries to name")
    args = parser.parse_args()
    clock = Clock()
    dataset = extracts.locate(args.data)
    catalogue, settings = registry.catalogue(), registry.settings()
    con = extracts.load(dataset)
    show("load + validate", clock.tick())
    follow_up = results.set_variables(con, catalogue, settings, dataset.follow_up)
    year = results.report_year(con, dataset, None)
    show("variables, report year", clock.tick())
    inputs = survival_results.read(con, catalogue.get("survival").sql, settings, follow_up)
    show("survival: rows", clock.tick())
    cache = {"survival": survival_results.estimate(inputs, settings, year)}
    del inputs
    show("survival: estimates", clock.tick())
    for path in catalogue.base_sql:
        con.execute(path.read_text("utf-8"))
        show(f"shared: {path.name}", clock.tick())
    tree = con.execute("select * from unit_tree").df()
    clinical = results.first_clinical_year(con)
    prepared, spent = [], []
    for query in catalogue.queries:
        prepared.append(results.prepare_result(con, query, settings, year, follow_up, cache,
                                               clinical))
        spent.append((clock.tick(), query.id))
    total = tuple(sum(s[i] for s, _ in spent) for i in (0, 1))
    show(f"{len(spent)} results", total)
    for (wall, cpu), name in sorted(spent, reverse=True)[:args.top]:
        print(f"  {name:<38} {wall:7.1f} s   cpu {cpu:7.1f} s")
    publish_all(prepared, tree, results._references(con, catalogue), None)
    show("disclosure control", clock.tick())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'total (without writing)':<40} {time.perf_counter() - clock.start:7.1f} s   "
          f"peak {peak:6.0f} MB")
    con.close()


if __name__ == "__main__":
    main()
