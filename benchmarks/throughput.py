"""Articles per hour: the local runner against Celery workers on the same machine, same run.

Serves the same N distinct Korrespondent-style articles on loopback, every answer (feed,
pages, and the pages a screenshot loads) after `--latency-ms` of server time, and runs the
whole line over them twice: once with `LocalRunner` (one article after another), once with
`newsmt run --once` over Celery workers, one per queue (fetch with two processes, capture,
translate, publish; `--capture-workers` and `--translate-workers` give those queues more
processes, by default one Chromium per four cores), Redis as the broker. Screenshots are
on; the engine is CTranslate2 on a randomly initialised transformer-big (the default
model's architecture, built locally as in engine_speed.py), decoding capped at
`--output-tokens` per sentence because a random model never learns to stop. Prints one
JSON line, with the measured median time of each stage (for the capacity model in the
README).

    python benchmarks/throughput.py --articles 40
    python benchmarks/throughput.py --articles 40 --device cuda --capture-workers 4
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pipeline_overhead import build_model, serve_articles  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stage_medians(database_url: str) -> dict[str, float]:
    from sqlalchemy import select

    from newsmt.store import ArticleEvent, Database

    db = Database(database_url)
    seconds: dict[str, list[float]] = defaultdict(list)
    with db.session() as session:
        for stage, message in session.execute(
            select(ArticleEvent.stage, ArticleEvent.message).where(ArticleEvent.outcome == "ok")
        ):
            if message and (m := re.fullmatch(r"(\d+) ms", message)):
                seconds[stage].append(int(m.group(1)) / 1000)
    db.dispose()
    return {stage: round(statistics.median(v), 3) for stage, v in sorted(seconds.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--output-tokens", type=int, default=40)
    parser.add_argument("--model-dir", type=Path)
    cores = os.cpu_count() or 1
    parser.add_argument("--capture-workers", type=int, default=max(1, cores // 4))
    parser.add_argument("--translate-workers", type=int, default=1)
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto (NEWSMT_DEVICE)")
    args = parser.parse_args()
    layout = (("fetch", 2), ("capture", args.capture_workers),
              ("translate", args.translate_workers), ("publish", 1))  # fmt: skip
    if shutil.which("redis-server") is None:
        print("redis-server is not installed (scripts/bootstrap.sh installs it)", file=sys.stderr)
        return 2

    from newsmt.config import Settings
    from newsmt.demo import LoopbackServer
    from newsmt.pipeline import LocalRunner, PipelineContext
    from newsmt.sources.registry import add_source

    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model_dir = args.model_dir or build_model(work / "model")
        server = LoopbackServer().start()
        serve_articles(server, args.articles, "local/", latency)
        serve_articles(server, args.articles, "celery/", latency)
        common = dict(model_dir=model_dir, politeness_delay=0.0, capture_enabled=True,
                      translation_memory=False, max_decoding_length=args.output_tokens,
                      device=args.device)  # fmt: skip

        # -- the local runner ------------------------------------------------------------
        local_db = f"sqlite:///{work / 'local.db'}"
        settings = Settings(home=work / "local", database_url=local_db, **common)  # type: ignore[arg-type]
        ctx = PipelineContext.from_settings(settings)
        add_source(ctx.db, feed_url=f"{server.base_url}/local/rss.xml", name="bench",
                   label="Korrespondent.net", adapter="korrespondent")  # fmt: skip
        start = time.perf_counter()
        local_report = LocalRunner(ctx).run_once()
        local_seconds = time.perf_counter() - start
        ctx.close()

        # -- Celery workers on this machine ------------------------------------------------
        port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(work)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        celery_db = f"sqlite:///{work / 'celery.db'}"
        env = {
            **os.environ,
            "NEWSMT_HOME": str(work / "celery"),
            "NEWSMT_DATABASE_URL": celery_db,
            "NEWSMT_MODEL_DIR": str(model_dir),
            "NEWSMT_POLITENESS_DELAY": "0",
            "NEWSMT_TRANSLATION_MEMORY": "false",
            "NEWSMT_MAX_DECODING_LENGTH": str(args.output_tokens),
            "NEWSMT_DEVICE": args.device,
            "NEWSMT_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        }
        cli = [sys.executable, "-m", "newsmt.cli"]
        subprocess.run([*cli, "sources", "add", f"{server.base_url}/celery/rss.xml", "--name",
                        "bench", "--label", "Korrespondent.net", "--adapter", "korrespondent"],
                       env=env, check=True, capture_output=True)  # fmt: skip
        workers = [
            subprocess.Popen([*cli, "worker", "--queues", queue, "--concurrency", str(n)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for queue, n in layout
        ]  # fmt: skip
        try:
            start = time.perf_counter()
            run = subprocess.run([*cli, "run", "--once"], env=env, capture_output=True, text=True)
            celery_seconds = time.perf_counter() - start
        finally:
            for worker in workers:
                worker.kill()
            redis.kill()
            server.stop()
        published = re.search(r"published (\d+)", run.stderr)
        result = {
            "benchmark": "throughput",
            "articles": args.articles,
            "latency_ms": args.latency_ms,
            "screenshots": True,
            "cpus": cores,
            "device": args.device,
            "local": {
                "published": local_report.published,
                "seconds": round(local_seconds, 1),
                "articles_per_hour": round(local_report.published / local_seconds * 3600),
            },
            "celery": {
                "published": int(published.group(1)) if published else 0,
                "seconds": round(celery_seconds, 1),
                "articles_per_hour": round(
                    (int(published.group(1)) if published else 0) / celery_seconds * 3600
                ),
                "workers": ", ".join(f"{queue} x{n}" for queue, n in layout),
            },
            "ratio": round(local_seconds / celery_seconds, 2),
            "median_stage_seconds_local": stage_medians(local_db),
        }
    print(json.dumps(result))
    return 0 if run.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
