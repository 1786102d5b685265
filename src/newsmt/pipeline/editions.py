"""One German article per story: the Russian and Ukrainian editions of a story become one
translation and one alternate.

Runs inside the extract stage, once the article's language and text are known. The
evidence (hreflang links, the outlet's story id, the texts themselves) is weighed in
`newsmt.sources.editions`; this module decides which edition is translated and records
the other. The preferred language comes from the source (`edition_priority`, default the
configured "uk,ru"). A preferred edition that arrives late takes over only while the other
has not been translated yet and no runner holds it, so no story is ever translated twice;
otherwise the published (or translated) article stays and the late one is only linked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.pipeline.state import (
    ALTERNATE,
    APPROVED,
    DUPLICATE,
    FAILED,
    PENDING,
    PUBLISHED,
    AlternateEdition,
)
from newsmt.sources import canonical_or_none
from newsmt.sources.editions import MIN_SCORE, Signature, content_score, site_key
from newsmt.store import Article, ArticleEvent, Source

EDITION_LANGS = ("ru", "uk")
BEFORE_TRANSLATION = ("discovered", "fetched", "extracted", "captured")
MAX_CANDIDATES = 300  # articles of the outlet's other language in the time window


@dataclass
class EditionMatch:
    primary: Article  # the article carrying the story's German translation
    evidence: str


def priority(source: Source, settings: Settings) -> list[str]:
    text = source.edition_priority or settings.edition_priority
    return [lang.strip() for lang in text.split(",") if lang.strip()]


def _rank(lang: str | None, order: list[str]) -> int:
    return order.index(lang) if lang in order else len(order)


def _primary(session: Session, article: Article) -> Article:
    """An alternate's primary (alternates of alternates do not stay: see `take_over`)."""
    seen = {article.id}
    while article.status == ALTERNATE and article.edition_of_id not in (None, *seen):
        parent = session.get(Article, article.edition_of_id)
        if parent is None:
            break
        seen.add(parent.id)
        article = parent
    return article


def signature(article: Article) -> Signature:
    texts = [article.title or "", article.lead or ""]
    texts += [b.get("text", "") for b in article.blocks or []]
    return Signature.of(texts + list(article.background or []))


def _outlet_sources(session: Session, article: Article) -> list[int]:
    """Sources of the article's outlet: the same site, or the same outlet profile."""
    site = site_key(article.url)
    ids = []
    for source in session.scalars(select(Source)):
        hosts = [source.feed_url, *(f"http://{h}" for h in source.hosts or [])]
        same_profile = source.adapter != "generic" and source.adapter == article.source.adapter
        if same_profile or site in {site_key(h) for h in hosts}:
            ids.append(source.id)
    return ids


def find_edition(session: Session, settings: Settings, article: Article) -> EditionMatch | None:
    if article.lang not in EDITION_LANGS:
        return None
    other_langs = [lang for lang in EDITION_LANGS if lang != article.lang]
    editions = (
        select(Article)
        .where(Article.id != article.id, Article.lang.in_(other_langs))
        .where(Article.status != DUPLICATE)
        # an edition that failed for good carries nothing: this one tells the story
        .where((Article.status != FAILED) | (Article.attempts < settings.max_article_attempts))
    )
    linked = [c for u in article.alternate_urls or [] if (c := canonical_or_none(u))]
    if linked:
        hit = session.scalars(editions.where(Article.canonical_url.in_(linked))).first()
        if hit is not None:
            return EditionMatch(_primary(session, hit), f"hreflang link to {hit.canonical_url}")
    if article.story_key:
        hit = session.scalars(editions.where(Article.story_key == article.story_key)).first()
        if hit is not None:
            return EditionMatch(_primary(session, hit), f"same story id {article.story_key}")
    when = article.source_published_at or datetime.now(UTC)
    window = timedelta(hours=settings.edition_window_hours)
    candidates = session.scalars(
        editions.where(
            Article.source_id.in_(_outlet_sources(session, article)),
            Article.blocks.is_not(None),
            Article.source_published_at.between(when - window, when + window),
        )
        .order_by(Article.id.desc())
        .limit(MAX_CANDIDATES)
    ).all()
    mine = signature(article)
    best: tuple[float, Article] | None = None
    for candidate in candidates:
        if article.canonical_url in (candidate.alternate_urls or []):
            return EditionMatch(_primary(session, candidate), "its hreflang link to this page")
        score = content_score(mine, signature(candidate))
        # the same decision the gate on the real pairs measures (content_match)
        if score >= MIN_SCORE and (best is None or score > best[0]):
            best = (score, candidate)
    if best is None:
        return None
    evidence = f"same numbers and names (score {best[0]:.2f})"
    return EditionMatch(_primary(session, best[1]), evidence)


def take_over(session: Session, primary: Article, article: Article) -> bool:
    """Make `article` the story's translated edition in place of `primary`: only while
    `primary` is untranslated and unclaimed (one conditional UPDATE, so a runner that
    claims it at the same moment sees it settled as an alternate and stops)."""
    now = datetime.now(UTC)
    result = session.execute(
        update(Article)
        .where(
            Article.id == primary.id,
            Article.status.in_((PENDING, FAILED)),
            Article.stage.in_(BEFORE_TRANSLATION),
            Article.review_status != APPROVED,
            (Article.claimed_by.is_(None)) | (Article.claim_expires_at < now),
        )
        .values(status=ALTERNATE, edition_of_id=article.id, error=None, error_stage=None)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    session.execute(  # its own alternates follow it
        update(Article)
        .where(Article.edition_of_id == primary.id, Article.id != article.id)
        .values(edition_of_id=article.id)
        .execution_options(synchronize_session=False)
    )
    session.expire(primary)
    return True


def settle_edition(session: Session, settings: Settings, article: Article) -> int | None:
    """Raise AlternateEdition when another article carries this story. Otherwise the
    article is the story's only edition so far (None), or has just taken over from the
    returned article, now its alternate."""
    match = find_edition(session, settings, article)
    if match is None:
        return None
    primary = match.primary
    order = priority(article.source, settings)
    if _rank(article.lang, order) < _rank(primary.lang, order):
        if take_over(session, primary, article):
            message = (
                f"{primary.lang} edition of article {article.id} ({article.lang}, preferred); "
                f"{match.evidence}"
            )
            session.add(
                ArticleEvent(
                    article_id=primary.id, stage="extracted", outcome="alternate", message=message
                )
            )
            session.add(
                ArticleEvent(
                    article_id=article.id,
                    stage="extracted",
                    outcome="note",
                    message=f"preferred edition; article {primary.id} ({primary.lang}) "
                    "is now its alternate",
                )
            )
            return primary.id
        state = "published" if primary.status == PUBLISHED else "translated or in work"
        raise AlternateEdition(
            primary.id,
            f"{article.lang} edition of article {primary.id} ({primary.lang}), which was "
            f"already {state}: kept, this one only linked; {match.evidence}",
        )
    raise AlternateEdition(
        primary.id,
        f"{article.lang} edition of article {primary.id} ({primary.lang}); {match.evidence}",
    )
