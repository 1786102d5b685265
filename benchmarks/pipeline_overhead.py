"""How much of an article's time the line itself costs, next to the engine.

Serves N distinct Korrespondent-style articles (the bundled samples, each made unique)
on loopback, runs `LocalRunner` over them with the CTranslate2 engine on a randomly
initialised transformer-big model (the default model's architecture, built locally as in
engine_speed.py; or `--model-dir` for an installed model), and times every stage and
every engine call. Reports, per article, the time outside the engine as a share of the
article's processing time, fetch excluded (network) and screenshots excluded (a browser
loading the original page; `--capture` adds them and reports them separately).

A random model never learns to stop, so decoding is capped at `--output-tokens` per
sentence, the typical length of a German news sentence in subwords.

    python benchmarks/pipeline_overhead.py --articles 20
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from engine_speed import TRANSFORMER_BIG, flores_sentences  # noqa: E402


def build_model(work: Path) -> Path:
    from newsmt.translate.models import convert_marian, random_marian_checkpoint

    checkpoint = random_marian_checkpoint(
        work / "checkpoint",
        flores_sentences(1012),
        spm_vocab_size=8000,
        model_vocab_size=57830,
        **TRANSFORMER_BIG,
    )
    return convert_marian(
        checkpoint,
        work / "ct2",
        quantization="int8",
        manifest={"model_id": "benchmark/random-transformer-big", "revision": "random"},
    )


def serve_articles(server, count: int, prefix: str = "", latency: float = 0.0) -> None:  # type: ignore[no-untyped-def]
    """`count` distinct Korrespondent-style articles (the bundled samples, each made unique)
    and their feed at `/{prefix}rss.xml`, every answer after `latency` seconds."""
    from newsmt.demo import sample

    paths = []
    for i in range(count):
        name = "ru-article.html" if i % 2 == 0 else "uk-article.html"
        body = sample(name).replace(b"<h1 ", f"<!-- {prefix}{i} --><h1 ".encode())
        body = body.replace(b"</h1>", f" ({i})</h1>".encode(), 1)
        body = body.replace(b"</h2>", f" ({prefix}{i})</h2>".encode(), 1)
        path = f"/{prefix}ukraine/{4900000 + i}-article-{i}"
        body = body.replace(b'rel="canonical" href="', b'rel="canonical" href="x', 1)
        body = body.replace(b'href="x', f'href="{server.base_url}{path}#'.encode(), 1)
        server.add(path, body, delay=latency)
        paths.append(path)
    items = "".join(
        f"<item><title>{i}</title><link>{server.base_url}{p}</link></item>"
        for i, p in enumerate(paths)
    )
    feed = f"<rss version='2.0'><channel>{items}</channel></rss>"
    server.add(f"/{prefix}rss.xml", feed, delay=latency)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--output-tokens", type=int, default=40)
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--capture", action="store_true", help="also take screenshots")
    args = parser.parse_args()

    from newsmt.config import Settings
    from newsmt.demo import LoopbackServer
    from newsmt.pipeline import LocalRunner, PipelineContext
    from newsmt.pipeline import stages as stage_module
    from newsmt.pipeline.table import TABLE
    from newsmt.sources.registry import add_source

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model_dir = args.model_dir or build_model(work / "model")
        server = LoopbackServer().start()
        serve_articles(server, args.articles)
        settings = Settings(
            home=work / "home",
            model_dir=model_dir,
            politeness_delay=0.0,
            capture_enabled=args.capture,
            translation_memory=False,  # every sentence goes to the engine
        )
        ctx = PipelineContext.from_settings(settings)
        add_source(
            ctx.db,
            feed_url=server.base_url + "/rss.xml",
            name="bench",
            label="Korrespondent.net",
            adapter="korrespondent",
        )
        engine = ctx.engine
        engine.max_decoding_length = args.output_tokens  # type: ignore[attr-defined]
        engine_seconds: dict[int, float] = defaultdict(float)
        stage_seconds: dict[tuple[int, str], float] = {}
        current: dict[str, int] = {}
        original_translate = engine.translate_batch

        def timed_translate(*a, **k):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return original_translate(*a, **k)
            finally:
                engine_seconds[current["id"]] += time.perf_counter() - start

        engine.translate_batch = timed_translate  # type: ignore[method-assign]
        for spec in TABLE[1:]:  # every stage but discovery
            stage, function = spec.stage, spec.function

            def timed(c, session, article, _f=function, _stage=stage):  # type: ignore[no-untyped-def]
                current["id"] = article.id
                start = time.perf_counter()
                try:
                    return _f(c, session, article)
                finally:
                    stage_seconds[(article.id, _stage)] = time.perf_counter() - start

            setattr(stage_module, str(spec.run), timed)
        wall_start = time.perf_counter()
        report = LocalRunner(ctx).run_once()
        wall = time.perf_counter() - wall_start
        ctx.close()
        server.stop()

    excluded = {"fetched"} | ({"captured"} if args.capture else set())
    shares = []
    by_stage: dict[str, list[float]] = defaultdict(list)
    for (_article, stage), seconds in stage_seconds.items():
        by_stage[stage].append(seconds)
    for article_id in {a for a, stage in stage_seconds if stage == "published"}:
        total = sum(
            s for (a, st), s in stage_seconds.items() if a == article_id and st not in excluded
        )
        shares.append((total - engine_seconds[article_id]) / total)
    result = {
        "benchmark": "pipeline_overhead",
        "articles": args.articles,
        "published": report.published,
        "wall_seconds": round(wall, 2),
        "engine_seconds_total": round(sum(engine_seconds.values()), 2),
        "overhead_share_median": round(statistics.median(shares), 4),
        # the whole run (feed polling, index and feeds rebuilt, commits), fetch excluded
        "run_overhead_share": round(
            (
                wall
                - sum(engine_seconds.values())
                - sum(s for (_, st), s in stage_seconds.items() if st in excluded)
            )
            / wall,
            4,
        ),
        "overhead_share_max": round(max(shares), 4),
        "excluded_stages": sorted(excluded),
        "median_seconds_by_stage": {
            stage: round(statistics.median(values), 4) for stage, values in by_stage.items()
        },
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
