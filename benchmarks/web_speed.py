"""Public pages under load: `wrk` (Debian) against `newsmt serve`, 2,000 published articles.

Seeds a fresh NEWSMT_HOME (SQLite) with 2,000 published articles, starts
`newsmt serve --workers N`, warms the pages up, then runs `wrk -c100 --latency` on the
index and on an article page, and prints one JSON line with the median and 99th
percentile latencies next to the targets (≤ 20 ms median, ≤ 50 ms p99).

    python benchmarks/web_speed.py [--articles 2000] [--workers 2] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path


def seed(home: Path, count: int) -> str:
    from newsmt.config import Settings
    from newsmt.home import ensure_dirs
    from newsmt.store import Article, Database, Source
    from newsmt.store.search import index_article

    settings = Settings(home=home)
    ensure_dirs(settings)
    db = Database(settings.resolved_database_url)
    db.migrate()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    paragraph = (
        "Wolodymyr Selenskyj sagte am Donnerstag, der Gefangenenaustausch mit Russland werde "
        "fortgesetzt; Rustem Umjerow verhandle dazu in Ankara mit türkischen Vermittlern."
    )
    with db.session() as session:
        source = Source(
            name="korr-ru", feed_url="https://k.img.com.ua/rss", label="Korrespondent.net", hosts=[]
        )
        session.add(source)
        for n in range(1, count + 1):
            when = start + timedelta(minutes=7 * n)
            article = Article(
                source=source,
                url=f"https://korrespondent.net/ukraine/{4000000 + n}-a",
                canonical_url=f"https://korrespondent.net/ukraine/{4000000 + n}-a",
                lang="ru",
                stage="published",
                status="published",
                title=f"Заголовок {n}",
                title_de=f"Selenskyj: Austausch geht weiter (Teil {n})",
                lead_de="Der Präsident äußerte sich am Donnerstag in Kiew.",
                blocks=[{"kind": "p", "text": "Текст.", "links": []}] * 6,
                blocks_de=[{"kind": "p", "text": paragraph, "links": []}] * 6,
                background_de=["Wir erinnern daran, dass die Gespräche im Dezember stockten."],
                tags=["обмен пленными"],
                text_de=paragraph * 6,
                source_published_at=when - timedelta(minutes=20),
                published_at=when,
                discovered_at=when - timedelta(minutes=10),
            )
            session.add(article)
            if n % 200 == 0:
                session.flush()
        session.flush()
        for article in session.scalars(__import__("sqlalchemy").select(Article)):
            index_article(session, article)
        middle = session.get(Article, count // 2)
        path = f"/artikel/{middle.id}"
    db.dispose()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, connections: int, seconds: int, threads: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "median_ms": round(ms("50%"), 2),
        "p99_ms": round(ms("99%"), 2),
        "requests_per_s": rps,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--wrk-threads", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="newsmt-web-bench-"))
    article_path = seed(home, args.articles)
    port = free_port()
    env = {**os.environ, "NEWSMT_HOME": str(home)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsmt.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        for path in ("/", article_path):  # fill every worker's cache
            for _ in range(20 * args.workers):
                urllib.request.urlopen(base + path, timeout=5).read()
        results = {
            "index": wrk(base + "/", args.connections, args.seconds, args.wrk_threads),
            "article": wrk(base + article_path, args.connections, args.seconds, args.wrk_threads),
        }
        sizes = {
            k: len(urllib.request.urlopen(base + p, timeout=5).read())
            for k, p in (("index", "/"), ("article", article_path))
        }
        # cache misses: the first request after a publish renders from the database
        cold: dict[str, list[float]] = {"index": [], "article": []}
        for _ in range(20):
            (home / "site.version").write_text(str(time.time_ns()), encoding="utf-8")
            for key, path in (("index", "/"), ("article", article_path)):
                started = time.perf_counter()
                urllib.request.urlopen(base + path, timeout=5).read()
                cold[key].append((time.perf_counter() - started) * 1000)
        for key in results:
            results[key]["bytes"] = sizes[key]
            results[key]["uncached_median_ms"] = round(sorted(cold[key])[len(cold[key]) // 2], 2)
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(home, ignore_errors=True)
    ok = all(
        r["median_ms"] <= 20 and r["p99_ms"] <= 50 and r["non_2xx"] == 0 for r in results.values()
    )
    print(
        json.dumps(
            {
                "benchmark": "web_speed",
                "articles": args.articles,
                "workers": args.workers,
                "connections": args.connections,
                "seconds": args.seconds,
                "cpus": os.cpu_count(),
                **results,
                "target": "median <= 20 ms, p99 <= 50 ms",
                "meets_target": ok,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
