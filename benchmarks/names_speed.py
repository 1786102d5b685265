"""Speed and memory of the names step on real text: `newsmt names apply` (the whole step,
unknown-name search included) over the 5,027 human reference pairs of ../shared/eval in
one process. Prints one JSON line: sentences per second, peak memory, changes made.

    .venv/bin/python benchmarks/names_speed.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsmt.names.references import reference_pairs
from newsmt.translate.evaluate import find_eval_dir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    lines = [
        json.dumps({"src_lang": lang, "src": src, "mt": mt}, ensure_ascii=False)
        for _set, _line, src, mt, lang in reference_pairs(find_eval_dir())
    ]
    if args.limit:
        lines = lines[: args.limit]
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "newsmt.cli", "names", "apply"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            cwd=work,
            env={**os.environ, "NEWSMT_HOME": str(Path(work) / "home")},
            check=True,
        )
        seconds = time.perf_counter() - started
        created = sorted(p.name for p in Path(work).iterdir())
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = [json.loads(line) for line in result.stdout.splitlines()]
    print(
        json.dumps(
            {
                "sentences": len(out),
                "seconds": round(seconds, 2),
                "sentences_per_s": round(len(out) / seconds, 1),
                "peak_rss_mb": round(peak_mb, 1),
                "changes": sum(len(o.get("changes", [])) for o in out),
                "files_left_in_working_dir": created,
            }
        )
    )


if __name__ == "__main__":
    main()
