"""The least work any validation of a dataset must do, timed in DuckDB as this project runs it
(same memory limit, both cores): read every value of every extract once, check each primary
key is unique and each foreign key has its parent. Our validation does all of this and more
(identity numbers, codes, dates, ages), so its time cannot go below this figure; compare it
with `bench/stages.py`'s "load + validate".

    python bench/floor.py            # the committed dataset
    python bench/floor.py DIR        # a generated dataset (python -m report.cli synth)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from report.ingest import extracts, schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, help="a dataset folder (default: ours)")
    args = parser.parse_args()
    dataset = extracts.locate(args.data)
    con = extracts.connect()
    names = [t.name for t in schema.EXTRACTS if t.name in dataset.files]
    for name in names:
        path = str(dataset.files[name]).replace("'", "''")
        reader = (f"read_parquet('{path}')" if path.endswith(".parquet")
                  else f"read_csv('{path}', header=true)")
        con.execute(f"create view {name} as select * from {reader}")
    total = [0.0]

    def timed(label: str, sql: str) -> None:
        start = time.perf_counter()
        con.execute(sql).fetchall()
        spent = time.perf_counter() - start
        total[0] += spent
        print(f"{label:<44} {spent:6.2f} s", flush=True)

    for name in names:
        columns = [row[0] for row in con.execute(f"describe {name}").fetchall()]
        every = ", ".join(f'"{c}"' for c in columns)
        timed(f"read every value of {name}",
              f"select count(*) filter (where hash({every}) = 0) from {name}")
    tables = [t for t in schema.EXTRACTS if t.name in names]
    for table in tables:  # the contract's keys and foreign keys between extracts
        key = ", ".join(table.key)
        if key:
            timed(f"unique {table.name}.{key}",
                  f"select count(*) - count(distinct ({key})) from {table.name}")
    for table in tables:
        for fk in table.foreign:
            if fk.table in names:
                timed(f"every {table.name}.{fk.column} in {fk.table}",
                      f"select count(*) from {table.name} where {fk.column} is not null "
                      f"and {fk.column} not in (select {fk.target} from {fk.table})")
    print(f"{'the least a validation must do':<44} {total[0]:6.2f} s")
    con.close()


if __name__ == "__main__":
    main()
