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

# (table, key) of every primary key, and (child, key, parent) of every foreign key
PRIMARY = (("patients", "patient_id"), ("tumours", "tumour_id"), ("forms", "form_id"),
           ("surgeries", "surgery_id"), ("pathology", "report_id"))
FOREIGN = (("tumours", "patient_id", "patients"), ("forms", "tumour_id", "tumours"),
           ("assessments", "tumour_id", "tumours"), ("surgeries", "tumour_id", "tumours"),
           ("treatments", "tumour_id", "tumours"), ("pathology", "tumour_id", "tumours"),
           ("pathology", "surgery_id", "surgeries"))


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
    for table, key in PRIMARY:
        if table in names:
            timed(f"unique {table}.{key}",
                  f"select count(*) - count(distinct {key}) from {table}")
    for child, key, parent in FOREIGN:
        if child in names and parent in names:
            timed(f"every {child}.{key} in {parent}",
                  f"select count(*) from {child} where {key} is not null "
                  f"and {key} not in (select {key} from {parent})")
    print(f"{'the least a validation must do':<44} {total[0]:6.2f} s")
    con.close()


if __name__ == "__main__":
    main()
