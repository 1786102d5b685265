"""One function per stage (the stage table, `table.py`, says which runs when). Each reads
the article row, does its work, writes its output to the same row; the executor commits
the row together with the new stage, so a stage that crashed half-way simply runs again
(stages are idempotent). No stage changes the article's status: that is the state
machine's (`machine.py`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.capture import CaptureError
from newsmt.pipeline.editions import note, same_outlet, settle_edition
from newsmt.pipeline.state import DuplicateArticle, StageError
from newsmt.sanitize import clean_text, sane_date
from newsmt.sources import (
    ExtractionError,
    FetchError,
    canonical_or_none,
    canonicalize_url,
    content_hash,
    extract_article,
)
from newsmt.sources.editions import story_key
from newsmt.statuses import Outcome, Stage
from newsmt.store import Article, ArticleEvent
from newsmt.translate import (
    ArticleTranslator,
    Term,
    TranslationError,
    place_link,
)
from newsmt.translate.risk import score, sentence_entries

if TYPE_CHECKING:
    from newsmt.pipeline.context import PipelineContext


def article_hosts(article: Article) -> list[str]:
    return list(article.source.hosts or [])


def fetch(ctx: PipelineContext, session: Session, article: Article) -> None:
    try:
        result = ctx.fetcher.get(article.url, allowed_hosts=article_hosts(article))
    except FetchError as exc:
        raise StageError(str(exc)) from exc
    html, encoding = result.text()
    article.source_html = clean_text(html)  # PostgreSQL text cannot hold NUL
    article.encoding = encoding
    article.http_status = result.status
    article.fetched_at = datetime.now(UTC)


def extract(ctx: PipelineContext, session: Session, article: Article) -> int | None:
    """Returns the id of the other-language edition this article took over from, if any."""
    source = article.source
    try:
        extracted = extract_article(
            article.source_html or "",
            article.url,
            adapter=source.adapter,
            fallback_lang=source.lang,
        )
    except ExtractionError as exc:
        raise StageError(f"extraction failed: {exc}") from exc
    if extracted.lang not in ("ru", "uk"):
        raise StageError(f"source language not Russian or Ukrainian (detected {extracted.lang!r})")
    digest = content_hash(extracted)
    twin = session.scalar(
        select(Article.id).where(Article.content_hash == digest, Article.id != article.id)
    )
    if twin is not None:
        raise DuplicateArticle(twin, f"same text as article {twin}")
    if extracted.canonical_url:
        canonical = canonicalize_url(extracted.canonical_url)
        if canonical != article.canonical_url and not same_outlet(article, canonical):
            # another outlet's address is neither this page's original nor a reason to
            # call it a copy: it would block that outlet's own article at that address
            note(
                session,
                article,
                f"canonical URL {canonical} is another outlet's page: ignored, "
                "the article keeps its own address",
            )
        elif canonical != article.canonical_url:
            other = session.scalar(select(Article.id).where(Article.canonical_url == canonical))
            if other is not None:
                raise DuplicateArticle(other, f"canonical URL {canonical} is article {other}")
            article.canonical_url = canonical
    article.content_hash = digest
    article.extractor = extracted.extractor
    article.lang = extracted.lang
    article.title = extracted.title
    article.lead = extracted.lead
    # what editors should know: the outlet's markup changed, a date nobody can believe
    # (the fetch time stands in), …
    notes = list(extracted.notes)
    published, why = sane_date(extracted.published_at)
    if why:
        notes.append(f"{why}; using the fetch time")
    for message in notes:
        note(session, article, message)
    feed_date, _ = sane_date(article.source_published_at)
    article.source_published_at = published or feed_date or article.fetched_at or datetime.now(UTC)
    article.blocks = [{"kind": b.kind, "text": b.text, "links": b.links} for b in extracted.blocks]
    article.background = extracted.background
    article.related_title = extracted.related.title if extracted.related else None
    article.related_url = extracted.related.url if extracted.related else None
    article.related_canonical = canonical_or_none(article.related_url)
    article.images = [{"src": i.src, "caption": i.caption} for i in extracted.images]
    article.tags = extracted.tags
    article.story_key = story_key(article.url, source.adapter)
    linked = [
        address
        for lang, url in sorted(extracted.alternates.items())
        if lang != article.lang and (address := canonical_or_none(url))
    ]
    foreign = [address for address in linked if not same_outlet(article, address)]
    for address in foreign:
        note(
            session,
            article,
            f"hreflang alternate {address} is another outlet's page: ignored, "
            "another outlet's page is no edition of this one",
        )
    article.alternate_urls = [a for a in linked if a not in foreign] or None
    return settle_edition(session, ctx.settings, article)


def capture(ctx: PipelineContext, session: Session, article: Article) -> None:
    """A failed screenshot is recorded but never holds the article back."""
    if not ctx.settings.capture_enabled:
        article.capture_error = "screenshots disabled in configuration"
        return
    target = ctx.settings.screenshots_dir / f"{article.id}.png"
    try:
        shot = ctx.screenshotter.capture(article.url, target, allowed_hosts=article_hosts(article))
    except Exception as exc:  # CaptureError or anything else: the article goes on
        reason = str(exc) if isinstance(exc, CaptureError) else f"{type(exc).__name__}: {exc}"
        article.capture_error = clean_text(reason)[:2000]
        article.screenshot_path = article.thumbnail_path = None
        return
    try:  # where every machine (the web app, the publisher) finds them
        ctx.storage.put_file(f"screenshots/{shot.full_page.name}", shot.full_page)
        ctx.storage.put_file(f"screenshots/{shot.thumbnail.name}", shot.thumbnail)
    except Exception as exc:  # the storage is down: as with a failed screenshot, go on
        article.capture_error = clean_text(f"storage: {type(exc).__name__}: {exc}")[:2000]
        article.screenshot_path = article.thumbnail_path = None
        return
    article.screenshot_path = str(shot.full_page)
    article.thumbnail_path = str(shot.thumbnail)
    article.capture_error = None


def translate(ctx: PipelineContext, session: Session, article: Article) -> None:
    """Title, lead, body blocks (with their link anchors), background and teaser go to the
    engine as one article, so memory lookups and batching see all of it at once."""
    try:  # a missing model stops the run (ModelNotInstalledError), a bad engine name does not
        engine = ctx.engine_for(article.source.engine)
    except TranslationError as exc:
        raise StageError(f"translation engine unavailable: {exc}") from exc
    blocks = article.blocks or []
    anchors = [link["text"] for b in blocks for link in b.get("links", [])]
    paragraphs = [article.title or "", article.lead or "", *(b["text"] for b in blocks)]
    tags = [str(t) for t in article.tags or [] if t]
    paragraphs += [*(article.background or []), article.related_title or "", *tags, *anchors]
    terms: list[Term] = []
    if engine.supports_terminology:  # house forms for LLMs and DeepL
        whole = "\n".join(p for p in paragraphs if p)
        pairs = ctx.house_styler.terminology(whole, article.lang or "ru")
        terms = [Term(source, target) for source, target in pairs]
    translator = ArticleTranslator(
        engine, memory=ctx.memory, style=ctx.names_style, terminology=terms
    )
    tokens_before = engine.generated_tokens
    seconds_before = engine.busy_seconds
    try:
        german = translator.translate_paragraphs(
            paragraphs, src_lang=article.lang or "ru", article_ref=str(article.id)
        )
    except (TranslationError, ValueError) as exc:
        raise StageError(f"translation failed: {exc}") from exc
    tokens_after = engine.generated_tokens
    # engines that count (CTranslate2): for /metrics
    if tokens_before is not None and tokens_after is not None:
        tokens = tokens_after - tokens_before
        busy_ms = (engine.busy_seconds - seconds_before) * 1000
        if tokens:
            message = f"{tokens} tokens in {busy_ms:.0f} ms"
            session.add(
                ArticleEvent(
                    article_id=article.id,
                    stage=Stage.TRANSLATED,
                    outcome=Outcome.ENGINE,
                    message=message,
                )
            )
    anchors_de = german[len(paragraphs) - len(anchors) :]
    german = german[: len(paragraphs) - len(anchors)]
    tags_de = german[len(german) - len(tags) :]
    german = german[: len(german) - len(tags)]
    n = len(blocks)
    article.title_de = german[0]
    article.lead_de = german[1] or None
    article.blocks_de = []
    for block, text in zip(blocks, german[2 : 2 + n], strict=True):
        links = []
        for link in block.get("links", []):
            anchor_de = anchors_de.pop(0)
            where = place_link(text, anchor_de)
            if where is not None:
                links.append({"text": text[where[0] : where[1]], "href": link["href"]})
            else:  # keep the link: after the paragraph, with the translated anchor
                links.append({"text": anchor_de, "href": link["href"], "detached": True})
        article.blocks_de.append({"kind": block["kind"], "text": text, "links": links})
    article.background_de = german[2 + n : -1]
    article.related_title_de = german[-1] or None
    # topics as a reader searches them: short, no sentence full stop
    article.tags_de = [t.strip().rstrip(".") for t in tags_de if t.strip()] or None
    article.risks = translated_sentences(article, translator)
    article.engine = engine.identity.engine
    article.model_id = engine.identity.model_id
    article.model_revision = engine.identity.model_revision
    article.translated_at = datetime.now(UTC)


def translated_sentences(
    article: Article, translator: ArticleTranslator
) -> list[dict[str, object]]:
    """Each translated sentence with the engine's confidence, for the risk score the names
    step completes (translate/risk.py)."""
    pairs = [("title", article.title, article.title_de), ("lead", article.lead, article.lead_de)]
    blocks = zip(article.blocks or [], article.blocks_de or [], strict=False)
    pairs += [(f"block {i}", b["text"], d["text"]) for i, (b, d) in enumerate(blocks)]
    background = zip(article.background or [], article.background_de or [], strict=False)
    pairs += [("background", source, german) for source, german in background]
    pairs.append(("related", article.related_title, article.related_title_de))
    lang = article.lang or "ru"
    return [
        entry
        for where, source, german in pairs
        if source and german
        for entry in sentence_entries(where, translator.sentences_of(source, german, lang))
    ]


def names(ctx: PipelineContext, session: Session, article: Article) -> None:
    """House style for names: each German text next to the source text it translates."""
    styler = ctx.house_styler
    lang = article.lang or "ru"
    changes: list[dict[str, str]] = []
    unknown: dict[str, dict[str, str]] = {}

    def fix(src: str | None, text: str | None, where: str) -> str | None:
        if not text or not src:
            return text
        result = styler.apply(src, text, lang)
        changes.extend({**c.as_dict(), "where": where} for c in result.changes)
        for u in result.unknown:
            unknown.setdefault(u.name, {"name": u.name, "suggestion": u.suggestion})
        for d in result.doubtful:  # a known name the source does not confirm: editors decide
            unknown.setdefault(
                d["name"],
                {
                    "name": d["name"],
                    "suggestion": d["house_form"],
                    "note": f"{d['entity']}? {d['why']}",
                },
            )
        return result.fixed

    article.title_de = fix(article.title, article.title_de, "title")
    article.lead_de = fix(article.lead, article.lead_de, "lead")
    blocks = article.blocks or []
    article.blocks_de = [
        {
            **b,
            "text": fix(blocks[i]["text"], b["text"], f"block {i}"),
            "links": [
                {**k, "text": fix(blocks[i]["text"], k["text"], f"link {i}")}
                for k in b.get("links", [])
            ],
        }
        for i, b in enumerate(article.blocks_de or [])
    ]
    background = article.background or []
    article.background_de = [
        fix(background[i] if i < len(background) else None, p, "background")
        for i, p in enumerate(article.background_de or [])
    ]
    article.related_title_de = fix(article.related_title, article.related_title_de, "related")
    tags = [str(t) for t in article.tags or [] if t]
    if article.tags_de and len(article.tags_de) == len(tags):
        article.tags_de = [
            fix(src, t, "tag") or t for src, t in zip(tags, article.tags_de, strict=True)
        ]
    article.name_changes = changes
    article.unknown_names = list(unknown.values())
    article.names_style = styler.style.name
    article.risk, article.risks = score(article.risks or [], changes, article.unknown_names)


def render(ctx: PipelineContext, session: Session, article: Article) -> None:
    ctx.publisher.render(session, article)


def publish(ctx: PipelineContext, session: Session, article: Article) -> None:
    """The last stage: the publication service sets the status and writes the page."""
    ctx.publisher.publish(session, article)
