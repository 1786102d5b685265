"""One function per stage. Each reads the article row, does its work, writes its output
to the same row; the runner commits the row together with the new stage, so a stage
that crashed half-way simply runs again (stages are idempotent)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmt.capture import CaptureError
from newsmt.config import Settings
from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.editions import settle_edition
from newsmt.pipeline.state import ALTERNATE, APPROVED, PUBLISHED, DuplicateArticle, StageError
from newsmt.publish.changes import site_changed, with_dependents
from newsmt.render import RelatedLine, render_german_article, slugify
from newsmt.render.article import GermanArticle
from newsmt.render.disclaimer import disclaimer_template
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
from newsmt.store import Article, ArticleEvent, Revision
from newsmt.store.search import index_article
from newsmt.translate import (
    ArticleTranslator,
    Term,
    TranslationError,
    place_link,
)
from newsmt.translate.risk import score, sentence_entries


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
        if canonical != article.canonical_url:
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
    for note in notes:
        session.add(
            ArticleEvent(article_id=article.id, stage="extracted", outcome="note", message=note)
        )
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
    article.alternate_urls = [
        linked
        for lang, url in sorted(extracted.alternates.items())
        if lang != article.lang and (linked := canonical_or_none(url))
    ] or None
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
    if getattr(engine, "supports_terminology", False):  # house forms for LLMs and DeepL
        whole = "\n".join(p for p in paragraphs if p)
        pairs = ctx.house_styler.terminology(whole, article.lang or "ru")
        terms = [Term(source, target) for source, target in pairs]
    translator = ArticleTranslator(
        engine, memory=ctx.memory, style=ctx.names_style, terminology=terms
    )
    tokens_before = getattr(engine, "generated_tokens", None)
    seconds_before = getattr(engine, "busy_seconds", 0.0)
    try:
        german = translator.translate_paragraphs(
            paragraphs, src_lang=article.lang or "ru", article_ref=str(article.id)
        )
    except (TranslationError, ValueError) as exc:
        raise StageError(f"translation failed: {exc}") from exc
    if tokens_before is not None:  # engines that count (CTranslate2): for /metrics
        tokens = getattr(engine, "generated_tokens", 0) - tokens_before
        busy_ms = (getattr(engine, "busy_seconds", 0.0) - seconds_before) * 1000
        if tokens:
            message = f"{tokens} tokens in {busy_ms:.0f} ms"
            session.add(
                ArticleEvent(
                    article_id=article.id, stage="translated", outcome="engine", message=message
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


def page_path_for(article: Article) -> str:
    return f"articles/{article.id}-{slugify(article.title_de or '')}.html"


def related_line(
    session: Session, article: Article, link_to_ours: Callable[[Article], str | None]
) -> RelatedLine | None:
    """The teaser links our translation of the related article once we published one."""
    if not article.related_url:
        return None
    related_canonical = article.related_canonical or canonical_or_none(article.related_url)
    if related_canonical is None:
        return None
    ours = session.scalar(
        select(Article).where(
            Article.canonical_url == related_canonical, Article.status == PUBLISHED
        )
    )
    title = article.related_title_de or article.related_title or article.related_url
    href = link_to_ours(ours) if ours is not None else None
    if ours is not None and href:
        return RelatedLine(ours.title_de or title, href, ours=True)
    return RelatedLine(title, article.related_url, ours=False)


def german_article(
    settings: Settings,
    session: Session,
    article: Article,
    *,
    screenshot_href: str | None,
    link_to_ours: Callable[[Article], str | None],
) -> GermanArticle:
    """The article in the seed's layout, with the disclaimer its review status calls for;
    the static export and the web app differ only in their links."""
    edited = session.scalar(
        select(Revision.id)
        .where(Revision.article_id == article.id, Revision.action == "edit")
        .limit(1)
    )
    return render_german_article(
        title_de=article.title_de or "",
        lead_de=article.lead_de,
        blocks_de=article.blocks_de or [],
        background_de=article.background_de or [],
        published_at=article.source_published_at or article.discovered_at,
        disclaimer_template=disclaimer_template(
            settings, approved=article.review_status == APPROVED, edited=edited is not None
        ),
        source_label=article.source.label,
        site_name=settings.site_name,
        original_url=article.canonical_url,
        screenshot_href=screenshot_href if article.screenshot_path else None,
        related=related_line(session, article, link_to_ours),
        editions=[
            (other.lang or "", other.canonical_url)
            for other in session.scalars(
                select(Article)
                .where(Article.edition_of_id == article.id, Article.status == ALTERNATE)
                .order_by(Article.id)
            )
        ],
    )


def render(ctx: PipelineContext, session: Session, article: Article) -> None:
    article.page_path = article.page_path or page_path_for(article)
    german = german_article(
        ctx.settings,
        session,
        article,
        screenshot_href=f"../screenshots/{article.id}.png",
        link_to_ours=lambda ours: "../" + ours.page_path if ours.page_path else None,
    )
    article.html_de = ctx.site.article_page(german, article.page_path)
    article.text_de = german.to_text()


def publish(ctx: PipelineContext, session: Session, article: Article) -> None:
    local = ctx.settings.screenshots_dir / f"{article.id}.png"
    if article.screenshot_path and not local.is_file():  # captured on another machine
        data = ctx.storage.get_bytes(f"screenshots/{article.id}.png")
        if data is not None:
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_bytes(data)
    if article.screenshot_path and local.is_file():
        ctx.site.copy_asset(local, f"screenshots/{article.id}.png")
    ctx.site.write_page(article.page_path or page_path_for(article), article.html_de or "")
    article.status = PUBLISHED
    article.published_at = article.published_at or datetime.now(UTC)
    article.error = article.error_stage = None
    session.flush()
    index_article(session, article)
    site_changed(session, ctx.settings, with_dependents(session, article))


# each takes the article's row and fills its stage's columns; `extract` alone returns
# something: the id of an edition it made its alternate
STAGE_FUNCTIONS: dict[str, Callable[[PipelineContext, Session, Article], int | None]] = {
    "fetched": fetch,
    "extracted": extract,
    "captured": capture,
    "translated": translate,
    "names": names,
    "rendered": render,
    "published": publish,
}
