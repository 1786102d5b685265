"""What a run and an uncached page cost as the archive grows (SQLite by default).

For each size N the benchmark seeds N published articles quickly (realistic rows: a
rendered German page, body blocks, related links to each other, two topics, a slice of
source HTML), then measures, side by side in one run:

- `newsmt run --once` with one new article in the feed, and with nothing new (the feed
  answers 304), each in a fresh process: wall time and the process's peak memory;
- uncached public pages (the page cache is emptied before every request) in one web
  process: index, index page 50, an article, search, feed, sitemap, a topic, the API,
  and that process's peak memory.

It prints one JSON line. The tiny test model translates (the engine is not what is
measured here) and screenshots are off.

    .venv/bin/python benchmarks/scale.py [--articles 50000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PAGE = "<p>" + "Absatz mit etwas Text über die Lage in der Ukraine. " * 20 + "</p>"
SOURCE_HTML = "<html><body>" + "<p>Текст статьи о ситуации в Украине.</p>" * 40 + "</body></html>"
TAGS = ["Харьков", "война", "обмен", "Турция", "энергетика", "санкции"]


def seed(database_url: str, home: Path, n: int) -> None:
    from sqlalchemy import insert

    from newsmt.store import Article, ArticleTag, Database, Source

    db = Database(database_url)
    db.migrate()
    with db.session() as session:
        source = Source(
            name="k", feed_url="http://127.0.0.1:1/rss.xml", label="K", hosts=["127.0.0.1"]
        )
        session.add(source)
        session.flush()
        source_id = source.id
    start = datetime(2024, 1, 1, tzinfo=UTC)
    chunk = 5000
    for offset in range(0, n, chunk):
        rows, tags = [], []
        for i in range(offset + 1, min(n, offset + chunk) + 1):
            at = start + timedelta(minutes=3 * i)
            url = f"https://korrespondent.net/ukraine/{4000000 + i}-artikel"
            related = (
                f"https://korrespondent.net/ukraine/{4000000 + i - 1}-artikel" if i > 1 else None
            )
            topic = [TAGS[i % len(TAGS)], TAGS[(i * 7) % len(TAGS)]]
            rows.append(
                {
                    "id": i,
                    "source_id": source_id,
                    "url": url,
                    "canonical_url": url,
                    "stage": "published",
                    "status": "published",
                    "lang": "ru",
                    "title": f"Заголовок {i}",
                    "title_de": f"Selenskyj besuchte Charkiw {i}",
                    "lead_de": "Der Präsident traf sich mit Soldaten.",
                    "blocks": [{"kind": "p", "text": "Текст.", "links": []}] * 8,
                    "blocks_de": [{"kind": "p", "text": "Text.", "links": []}] * 8,
                    "tags": topic,
                    "related_url": related,
                    "related_canonical": related,
                    "related_title_de": "Verwandt",
                    "source_html": SOURCE_HTML,
                    "html_de": PAGE,
                    "text_de": f"Selenskyj besuchte Charkiw {i}\nSelenskyj kam in Charkiw an.",
                    "page_path": f"articles/{i}-selenskyj.html",
                    "published_at": at,
                    "source_published_at": at - timedelta(minutes=20),
                    "discovered_at": at - timedelta(minutes=30),
                    "updated_at": at,
                    "review_status": "unreviewed",
                    "attempts": 0,
                }
            )
            tags += [{"article_id": i, "tag": t} for t in sorted(set(topic))]
        with db.session() as session:
            session.execute(insert(Article), rows)
            session.execute(insert(ArticleTag), tags)
    with db.session() as session:
        from newsmt.store.search import index_article

        if db.engine.dialect.name == "sqlite":  # the search index the publish stage keeps
            from sqlalchemy import text

            session.execute(
                text(
                    "INSERT INTO articles_fts (rowid, title_de, lead_de, text_de) "
                    "SELECT id, title_de, lead_de, text_de FROM articles"
                )
            )
        del index_article
    if db.engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            from sqlalchemy import text

            # the ids were given explicitly: the sequence must continue after them
            conn.execute(text("SELECT setval('articles_id_seq', (SELECT max(id) FROM articles))"))
            conn.execute(text("VACUUM ANALYZE"))
    db.dispose()


def peak_of(process: subprocess.Popen[str]) -> float:
    """Peak RSS (MB) of a running child from /proc/PID/status VmHWM, polled until it
    exits. (getrusage's maxrss is inherited across fork and exec on Linux, so a child of
    a large process would report its parent's peak.)"""
    peak = 0.0
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.02)
    return peak


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = peak_of(process)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{args[:4]} failed: {err[-3000:]}")
    return seconds, peak, out


WEB_PROBE = r"""
import json, statistics, sys, time
from fastapi.testclient import TestClient
from newsmt.config import Settings
from newsmt.web import create_app
app = create_app(Settings())
client = TestClient(app)
client.get("/healthz")
n = int(sys.argv[1])
paths = {"index": "/", "index_page_50": f"/?seite={min(50, n // 20)}",
         "article": f"/artikel/{n // 2}", "search": "/suche?q=Selenskyj",
         "feed": "/feed.rss", "sitemap": "/sitemap-1.xml", "topic": "/thema/война",
         "api": "/api/articles"}
out = {}
for name, path in paths.items():
    times = []
    for _ in range(3):
        app.state.page_cache.cache.clear(); app.state.page_cache.bytes = 0
        t = time.perf_counter(); r = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    out[name] = round(statistics.median(times), 1)
print(json.dumps(out))
"""


def measure(n: int, database_url: str | None, tiny_model: Path) -> dict[str, object]:
    from newsmt.demo import LoopbackServer, sample

    work = Path(tempfile.mkdtemp(prefix=f"newsmt-scale-{n}-"))
    home = work / "home"
    url = database_url or f"sqlite:///{home / 'newsmt.db'}"
    home.mkdir(parents=True)
    seed(url, home, n)
    server = LoopbackServer().start()
    try:
        base = server.base_url
        page = sample("ru-article.html").decode().replace("4801234-umerov", "9999999-neu")
        server.add("/ukraine/9999999-neu", page)
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>'
            f"<item><title>neu</title><link>{base}/ukraine/9999999-neu</link></item></channel></rss>"
        )
        server.add("/rss.xml", feed, content_type="application/rss+xml", etag='"v1"')
        from newsmt.store import Database, Source

        db = Database(url)
        with db.session() as session:
            source = session.get(Source, 1)
            assert source is not None
            source.feed_url, source.adapter = base + "/rss.xml", "korrespondent"
        db.dispose()
        env = {
            **os.environ,
            "NEWSMT_HOME": str(home),
            "NEWSMT_DATABASE_URL": url,
            "NEWSMT_MODEL_DIR": str(tiny_model),
            "NEWSMT_CAPTURE_ENABLED": "false",
            "NEWSMT_POLITENESS_DELAY": "0",
            "NEWSMT_BEAM_SIZE": "1",
        }
        run = [sys.executable, "-m", "newsmt.cli", "run", "--once"]
        new_s, new_mb, out = timed_child(run, env)  # one new article (then the feed: 304)
        db = Database(url)
        with db.session() as session:
            from sqlalchemy import select

            from newsmt.store import Article

            status = session.scalar(select(Article.status).where(Article.url.like("%9999999%")))
        db.dispose()
        if status != "published":
            raise SystemExit(f"the new article was not published ({status}): {out[-2000:]}")
        nothing = [timed_child(run, env)[:2] for _ in range(3)]
        _, web_mb, web_out = timed_child([sys.executable, "-c", WEB_PROBE, str(n)], env)
        pages = json.loads(web_out)
        pages["peak_rss_mb"] = round(web_mb, 1)
    finally:
        server.stop()
    return {
        "run_once_new_s": round(new_s, 2),
        "run_once_nothing_s": round(statistics.median(s for s, _ in nothing), 2),
        "peak_rss_mb": round(max([new_mb, *(mb for _, mb in nothing)]), 1),
        "uncached_ms": {k: v for k, v in pages.items() if k != "peak_rss_mb"},
        "worker_peak_rss_mb": pages["peak_rss_mb"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite (reset per size)")
    args = parser.parse_args()
    # built in a child: this process stays small (torch is not loaded here)
    tiny = Path(tempfile.mkdtemp(prefix="newsmt-scale-model-")) / "tiny"
    subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "models", "make-tiny", str(tiny)],
        check=True,
        capture_output=True,
    )
    sizes = [args.small, args.articles]
    results = []
    for n in sizes:
        if args.database_url:
            from sqlalchemy import create_engine, text

            engine = create_engine(
                args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
            )
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        results.append(measure(n, args.database_url, tiny))
    pages = results[0]["uncached_ms"]
    assert isinstance(pages, dict)
    line = {
        "sizes": sizes,
        "database": "postgresql" if args.database_url else "sqlite",
        "run_once_new_s": [r["run_once_new_s"] for r in results],
        "run_once_nothing_s": [r["run_once_nothing_s"] for r in results],
        "peak_rss_mb": [r["peak_rss_mb"] for r in results],
        "uncached_ms": {k: [r["uncached_ms"][k] for r in results] for k in pages},  # type: ignore[index]
        "worker_peak_rss_mb": [r["worker_peak_rss_mb"] for r in results],
    }
    print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
