"""The one way an article reaches, changes on and leaves the site.

Publishing is more than a status: the page is rendered and written, the screenshot is
copied beside it, the article is indexed for search and topics, the web workers are
told (after commit) which pages changed, and the articles whose related teaser names it
are rendered again. Every caller — the line's last stage, an approval, an edit, a
rejection, a restore, an edition linked to a published story — goes through here, and
pages are written and removed only through `SiteBuilder`, that is the local folder and
the configured `Storage` (an S3 bucket too), so no copy of a withdrawn page is left.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import Session

from newsmt.config import Settings
from newsmt.pipeline import machine
from newsmt.publish.changes import site_changed
from newsmt.publish.site import SiteBuilder
from newsmt.publish.static_index import update_static_index
from newsmt.render import slugify
from newsmt.render.compose import german_article
from newsmt.statuses import Outcome, Stage, Status
from newsmt.storage import Storage
from newsmt.store import AppSetting, Article, ArticleEvent, Database
from newsmt.store.queries import dependents, published
from newsmt.store.search import index_article

log = logging.getLogger("newsmt.publish")
INDEX_FINGERPRINT = "static_index_fingerprint"  # AppSetting: what the static index shows


def page_path_for(article: Article) -> str:
    return f"articles/{article.id}-{slugify(article.title_de or '')}.html"


def screenshot_key(article: Article) -> str:
    return f"screenshots/{article.id}.png"


@dataclass
class Publisher:
    settings: Settings
    db: Database
    site: SiteBuilder
    storage: Storage

    # -- the page ---------------------------------------------------------------------------
    def render(self, session: Session, article: Article) -> None:
        """The static page's HTML and the plain text (the stage "rendered")."""
        article.page_path = article.page_path or page_path_for(article)
        german = german_article(
            self.settings,
            session,
            article,
            screenshot_href=f"../{screenshot_key(article)}",
            link_to_ours=lambda ours: "../" + ours.page_path if ours.page_path else None,
        )
        article.html_de = self.site.article_page(german, article.page_path)
        article.text_de = german.to_text()

    def _copy_screenshot(self, article: Article) -> None:
        if not article.screenshot_path:
            return
        local = self.settings.screenshots_dir / f"{article.id}.png"
        if not local.is_file():  # captured on another machine
            data = self.storage.get_bytes(screenshot_key(article))
            if data is not None:
                local.parent.mkdir(parents=True, exist_ok=True)
                local.write_bytes(data)
        if local.is_file():
            self.site.copy_asset(local, screenshot_key(article))

    # -- what the site shows ----------------------------------------------------------------
    def show(self, session: Session, article: Article, why: str) -> None:
        """Make the site agree with the article's status: its page written while it is
        published, removed otherwise; search and topics follow; the web workers hear of
        it and its dependents; the teasers naming it are rendered again."""
        if article.status == Status.PUBLISHED:
            self._write_page(article)
        elif article.page_path:
            self.site.remove_page(article.page_path)
        self._announce(session, article, why)

    def _write_page(self, article: Article) -> None:
        self._copy_screenshot(article)
        self.site.write_page(article.page_path or page_path_for(article), article.html_de or "")

    def _announce(self, session: Session, article: Article, why: str) -> None:
        session.flush()
        index_article(session, article)
        others = self.render_dependents(session, article, why)
        site_changed(session, self.settings, [article.id, *others])

    def render_dependents(self, session: Session, article: Article, why: str) -> list[int]:
        """Render again the published articles whose related teaser points at `article`
        and rewrite their pages: the teaser links our translation only while it is
        published, under its current title. Returns their ids."""
        done = []
        for other in dependents(session, article):
            try:
                self.render(session, other)
                self.site.write_page(other.page_path or page_path_for(other), other.html_de or "")
            except Exception:  # a teaser out of date is no reason to stop this change
                log.exception("re-rendering a dependent failed", extra={"article_id": other.id})
                continue
            session.add(
                ArticleEvent(
                    article_id=other.id, stage=Stage.RENDERED, outcome=Outcome.OK, message=why
                )
            )
            log.info("re-rendered for related link", extra={"article_id": other.id})
            done.append(other.id)
        return done

    # -- the transitions that change what readers see ----------------------------------------
    def publish(self, session: Session, article: Article, why: str | None = None) -> None:
        """On the site: the line's last stage, or an editor's approval of a held article.
        Refused before anything is written; the event records how long it took."""
        started = time.perf_counter()
        machine.check(article, machine.Transition.PUBLISH)
        self._write_page(article)
        elapsed = f"{(time.perf_counter() - started) * 1000:.0f} ms"
        machine.publish(session, article, why or elapsed)
        self._announce(session, article, f"related article {article.id} published")

    def republish(self, session: Session, article: Article, why: str) -> None:
        """Rendered again after an edit, an approval, a restore or a linked edition; its
        page follows its status."""
        if article.stage in (Stage.RENDERED, Stage.PUBLISHED) or article.page_path:
            self.render(session, article)
        self.show(session, article, why)

    def hold(self, session: Session, article: Article) -> None:
        """Rendered and kept off the site until an editor approves it."""
        machine.hold(session, article)
        self.show(session, article, f"related article {article.id} held")

    def withdraw(self, session: Session, article: Article, why: str) -> None:
        """Off the site with no verdict on the text (the outlet took its page down)."""
        machine.withdraw(session, article, why)
        self.show(session, article, f"related article {article.id} withdrawn")

    def rebuild_index(self, *, full: bool = False) -> list[str]:
        """Index, feeds and the archive pages a publication touches; `full` rewrites every
        archive page (after a withdrawal, or `newsmt site rebuild`). Same bytes either way."""
        return update_static_index(
            self.db, self.site, self.settings.articles_per_page, full=full
        ).pages_written

    def rebuild_index_if_changed(self) -> list[str]:
        """The scheduler's periodic rebuild: only when the published set changed since the
        last one (a count and the newest publication, compared with what was built)."""
        with self.db.session() as session:
            count, newest, last_id = session.execute(
                published(func.count(), func.max(Article.published_at), func.max(Article.id))
            ).one()
            fingerprint = f"{count}:{newest.isoformat() if newest else '-'}:{last_id or 0}"
            built = session.get(AppSetting, INDEX_FINGERPRINT)
            if built is not None and built.value == fingerprint:
                return []
        written = self.rebuild_index()
        with self.db.session() as session:
            session.merge(AppSetting(key=INDEX_FINGERPRINT, value=fingerprint))
        return written
