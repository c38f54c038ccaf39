"""Run every benchmark in this folder, one after another, and print figures.

Run from the repository: `make bench` or `.venv/bin/python bench/run_all.py`.
Each benchmark is its own process, so one's imports and database do not
affect another's figures.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "matching.py",
    "sync_runs.py",
    "playlist_writes.py",
    "pages.py",
    "gunicorn_memory.py",
)


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, str(HERE / name)], check=False)
        if result.returncode:
            failed.append(name)
        print(flush=True)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
