"""Data-quality checker speed: 1 million person rows (target: well under a minute)."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from dxmonitor.platforms.quality.checker import check_file, load_profile


def main() -> None:
    n = 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.csv"
        with path.open("w", encoding="utf-8") as fh:
            fh.write("person_id,full_name,birth_date,gender,unit_code,updated_at\n")
            for i in range(n):
                fh.write(f"001085{i:06d},Nguyễn Văn An,1985-03-02,Nam,01,2026-10-01\n")
        t0 = time.perf_counter()
        result = check_file(path, load_profile("person"), as_of=dt.date(2026, 11, 24), max_bytes=None)
        elapsed = time.perf_counter() - t0
    print(f"data check, {result.rows:,} rows: {elapsed:.1f} s, {result.rows / elapsed:,.0f} rows/s "
          f"(target 60 s, ratio {elapsed / 60:.2f})")


if __name__ == "__main__":
    main()
