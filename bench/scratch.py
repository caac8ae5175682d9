"""What the bench scripts share: the throwaway database they build on, and the timing lines they print.

The scripts run as `python bench/<name>.py`, so this folder is on the path and they `import scratch`
before Django is set up."""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_scratch_database(prefix: str) -> None:
    """The test settings on a throwaway database: the DATABASE_URL given (a scratch PostgreSQL), or
    else SQLite in a new temp folder (BANSO_VAR_DIR). Call before `django.setup()`."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if "DATABASE_URL" not in os.environ:
        os.environ["BANSO_VAR_DIR"] = tempfile.mkdtemp(prefix=prefix)
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BANSO_VAR_DIR']}/bench.sqlite3"


class Timings:
    """The measures of one run: each printed as it is taken (label padded to `width`), and kept in
    `rows` for the table at the end."""

    def __init__(self, width: int):
        self.width = width
        self.rows: list[tuple[str, str]] = []

    def record(self, label: str, samples: list[float]) -> None:
        samples = sorted(samples)
        p95 = samples[max(0, math.ceil(len(samples) * 0.95) - 1)]
        text = f"median {statistics.median(samples):8.1f} ms   p95 {p95:8.1f} ms   (n={len(samples)})"
        self.rows.append((label, text))
        print(f"{label:<{self.width}} {text}", flush=True)

    def once(self, label: str, call):
        start = time.perf_counter()
        result = call()
        self.record(label, [(time.perf_counter() - start) * 1000])
        return result
