"""Full-text search over published German articles, in their German text, their source
text and any spelling of their names (store/spelling.py: Umerov finds Umjerow).

SQLite: an FTS5 table kept in step by `index_article` (called whenever an article's
German text changes). PostgreSQL: a GIN index on a German tsvector expression, so there
is nothing to keep in step; queries use websearch_to_tsquery.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session, load_only

from newsmt.statuses import Status
from newsmt.store.models import Article, ArticleTag
from newsmt.store.spelling import name_keys, query_keys, spelling_key

# What a list of articles shows (pages, feeds, API summaries, search results); the big
# columns (source HTML, the rendered page, the blocks) are never loaded for a list.
SUMMARY_COLUMNS = (
    Article.id,
    Article.title_de,
    Article.lead_de,
    Article.published_at,
    Article.source_published_at,
    Article.thumbnail_path,
    Article.reviewed_at,
    Article.review_status,
    Article.status,
    Article.source_id,
    Article.canonical_url,
    Article.discovered_at,
)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def search_names_of(article: Article) -> str:
    """The source's words and the spelling keys of the names in both languages."""
    source = [article.title or "", article.lead or ""]
    source += [str(b.get("text", "")) for b in article.blocks or [] if isinstance(b, dict)]
    german = [article.title_de or "", article.lead_de or "", article.text_de or ""]
    keys = name_keys(" ".join(source + german))
    return " ".join([*source, *keys])


def index_article(session: Session, article: Article) -> None:
    """Search index and topic rows follow the article: present while it is published."""
    _sync_tags(session, article)
    article.search_names = search_names_of(article) if article.status == Status.PUBLISHED else None
    if not _is_sqlite(session):
        return
    session.execute(text("DELETE FROM articles_fts WHERE rowid = :id"), {"id": article.id})
    if article.status == Status.PUBLISHED:
        session.execute(
            text(
                "INSERT INTO articles_fts (rowid, title_de, lead_de, text_de) "
                "VALUES (:id, :title, :lead, :body)"
            ),
            {
                "id": article.id,
                "title": article.title_de or "",
                "lead": article.lead_de or "",
                "body": (article.text_de or "") + "\n" + (article.search_names or ""),
            },
        )


def _sync_tags(session: Session, article: Article) -> None:
    session.execute(delete(ArticleTag).where(ArticleTag.article_id == article.id))
    if article.status == Status.PUBLISHED:
        # topics in German: the words a reader of the site knows (none: the topic is not shown)
        for tag in sorted({str(t)[:200] for t in article.tags_de or [] if t}):
            session.add(ArticleTag(article_id=article.id, tag=tag))
        session.flush()


def _fts5_query(query: str) -> str:
    """Words as quoted prefix terms, so user input is never FTS5 syntax; each word also
    matches any other spelling of it."""
    terms = []
    for word in re.findall(r"\w+", query):
        key = spelling_key(word)
        terms.append(f'("{word}"* OR "{key}")' if key else f'"{word}"*')
    return " AND ".join(terms)


def _keys_query(query: str) -> str:
    """Every word's spelling key must be there (keys are letters only: safe to_tsquery)."""
    keys = query_keys(query)
    return " & ".join(keys) if keys else "qxnothing"


def search_articles(
    session: Session, query: str, *, limit: int = 20, offset: int = 0
) -> list[Article]:
    if not re.search(r"\w", query):
        return []
    if _is_sqlite(session):
        ids = (
            session.execute(
                text(
                    # newest first, as on PostgreSQL: FTS5 walks its rowids backwards
                    # instead of ranking every match (a common name matches them all)
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q "
                    "ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
                ),
                {"q": _fts5_query(query), "limit": limit, "offset": offset},
            )
            .scalars()
            .all()
        )
    else:
        ids = (
            session.execute(
                text(
                    "SELECT id FROM articles WHERE status = :status AND ("
                    "to_tsvector('german', coalesce(title_de, '') || ' ' || coalesce(lead_de, '') "
                    "|| ' ' || coalesce(text_de, '')) @@ websearch_to_tsquery('german', :q) "
                    "OR to_tsvector('simple', coalesce(search_names, '')) "
                    "@@ (websearch_to_tsquery('simple', :q) || to_tsquery('simple', :keys))) "
                    "ORDER BY published_at DESC LIMIT :limit OFFSET :offset"
                ),
                {
                    "q": query,
                    "keys": _keys_query(query),
                    "limit": limit,
                    "offset": offset,
                    "status": Status.PUBLISHED.value,
                },
            )
            .scalars()
            .all()
        )
    if not ids:
        return []
    rows = session.scalars(
        select(Article).where(Article.id.in_(ids)).options(load_only(*SUMMARY_COLUMNS))
    )
    found = {a.id: a for a in rows}
    return [found[i] for i in ids if i in found and found[i].status == Status.PUBLISHED]
