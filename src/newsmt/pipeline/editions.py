"""One German article per story: the Russian and Ukrainian editions of a story become one
translation and one alternate.

Runs inside the extract stage, once the article's language and text are known. The
evidence (hreflang links, the outlet's story id, the texts themselves) is weighed in
`newsmt.sources.editions`; this module decides which edition is translated and records
the other. The preferred language comes from the source (`edition_priority`, default the
configured "uk,ru"). A preferred edition that arrives late takes over only while the other
has not been translated yet and no runner holds it, so no story is ever translated twice;
otherwise the published (or translated) article stays and the late one is only linked.
Only the outlet's own pages count (`same_outlet`): a page of one outlet naming another's
article as its edition, or sharing its story id, is ignored and noted, never paired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.pipeline import machine  # the module: it imports the stage table, and so this
from newsmt.pipeline.state import AlternateEdition
from newsmt.sources import canonical_or_none
from newsmt.sources.editions import MIN_SCORE, Signature, content_score
from newsmt.sources.editions import same_outlet as same_outlet_url
from newsmt.statuses import Outcome, Stage, Status
from newsmt.store import Article, ArticleEvent, Source

EDITION_LANGS = ("ru", "uk")
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
    while article.status == Status.ALTERNATE and article.edition_of_id not in (None, *seen):
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


def same_outlet(article: Article, other: Article | str) -> bool:
    """Is `other` (an article or an address) a page of `article`'s outlet? The hosts either
    page's source was set up with count for that source's pages (a source may fetch
    from hosts of its outlet that share no site); see `newsmt.sources.editions.same_outlet`."""
    if isinstance(other, str):
        return same_outlet_url(article.url, other, article.source.hosts or [])
    return same_outlet_url(article.url, other.url, article.source.hosts or []) or (
        same_outlet_url(article.url, other.url, other.source.hosts or [])
    )


def note(session: Session, article: Article, message: str) -> None:
    """What editors should know about the article's extraction (an event, not an error)."""
    session.add(
        ArticleEvent(
            article_id=article.id, stage=Stage.EXTRACTED, outcome=Outcome.NOTE, message=message
        )
    )


def _outlet_sources(session: Session, article: Article) -> list[int]:
    """Sources that may hold the article's outlet's pages (a first cut for the query; each
    candidate is still asked `same_outlet`)."""
    ids = []
    for source in session.scalars(select(Source)):
        hosts = [source.feed_url, *(f"http://{h}" for h in source.hosts or [])]
        if source.id == article.source_id or any(same_outlet(article, h) for h in hosts):
            ids.append(source.id)
    return ids


def _own(session: Session, article: Article, hits: list[Article], evidence: str) -> Article | None:
    """The first of `hits` of the article's own outlet; the others' are noted, not used."""
    own = [hit for hit in hits if same_outlet(article, hit)]
    for hit in hits:
        if hit not in own:
            note(
                session,
                article,
                f"{evidence} also names article {hit.id} ({hit.url}) of another outlet: "
                "ignored, another outlet's page is no edition of this one",
            )
    return own[0] if own else None


def find_edition(session: Session, settings: Settings, article: Article) -> EditionMatch | None:
    if article.lang not in EDITION_LANGS:
        return None
    other_langs = [lang for lang in EDITION_LANGS if lang != article.lang]
    editions = (
        select(Article)
        .where(Article.id != article.id, Article.lang.in_(other_langs))
        .where(Article.status != Status.DUPLICATE)
        # an edition that failed for good carries nothing: this one tells the story
        .where(
            (Article.status != Status.FAILED) | (Article.attempts < settings.max_article_attempts)
        )
    )
    linked = [c for u in article.alternate_urls or [] if (c := canonical_or_none(u))]
    if linked:
        hits = list(session.scalars(editions.where(Article.canonical_url.in_(linked))))
        hit = _own(session, article, hits, "its hreflang link")
        if hit is not None:
            return EditionMatch(_primary(session, hit), f"hreflang link to {hit.canonical_url}")
    if article.story_key:  # the same id on another outlet's address is another story
        same_id = editions.where(Article.story_key == article.story_key)
        hits = list(session.scalars(same_id.order_by(Article.id).limit(MAX_CANDIDATES)))
        hit = _own(session, article, hits, f"its story id {article.story_key}")
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
        if not same_outlet(article, candidate):
            continue
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


def take_over(session: Session, primary: Article, article: Article, why: str) -> bool:
    """Make `article` the story's translated edition in place of `primary`, while the
    state machine allows it (untranslated, unapproved, unclaimed); its own alternates
    follow it."""
    if not machine.demote_to_alternate(session, primary, article, why):
        return False
    session.execute(
        update(Article)
        .where(Article.edition_of_id == primary.id, Article.id != article.id)
        .values(edition_of_id=article.id)
        .execution_options(synchronize_session=False)
    )
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
        message = (
            f"{primary.lang} edition of article {article.id} ({article.lang}, preferred); "
            f"{match.evidence}"
        )
        if take_over(session, primary, article, message):
            session.add(
                ArticleEvent(
                    article_id=article.id,
                    stage=Stage.EXTRACTED,
                    outcome=Outcome.NOTE,
                    message=f"preferred edition; article {primary.id} ({primary.lang}) "
                    "is now its alternate",
                )
            )
            return primary.id
        in_work = "translated or in work"
        state = primary.status.value if primary.status == Status.PUBLISHED else in_work
        raise AlternateEdition(
            primary.id,
            f"{article.lang} edition of article {primary.id} ({primary.lang}), which was "
            f"already {state}: kept, this one only linked; {match.evidence}",
        )
    raise AlternateEdition(
        primary.id,
        f"{article.lang} edition of article {primary.id} ({primary.lang}); {match.evidence}",
    )
