"""The static site under NEWSMT_HOME/site: article pages, index, RSS and Atom feeds.

Files are written atomically (temporary file, then rename) so a reader or a crash never
sees half a page. Every article body passes through nh3 before it is written, whatever
the templates already escaped: source text is untrusted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nh3
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from newsmt.publish.feeds import FeedEntry, build_feed
from newsmt.render.article import GermanArticle
from newsmt.storage import Storage

ALLOWED_TAGS = {"p", "h2", "h3", "blockquote", "ul", "li", "a"}
ALLOWED_ATTRIBUTES = {"p": {"class"}, "a": {"href"}}


def write_atomic(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def sanitise_fragment(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener",
    )


def linked_text(text: str, links: list[dict[str, str]]) -> str:
    """Escaped text with each link's anchor wrapped in <a>; anchors the translation lost are
    kept after the paragraph, so no link target of the original is dropped."""
    out: list[str] = []
    position = 0
    trailing: list[str] = []
    for link in links:
        at = -1 if link.get("detached") else text.find(link["text"], position)
        anchor = f'<a href="{escape(link["href"])}">{escape(link["text"])}</a>'
        if at < 0:
            trailing.append(anchor)
            continue
        out.append(str(escape(text[position:at])))
        out.append(anchor)
        position = at + len(link["text"])
    out.append(str(escape(text[position:])))
    if trailing:
        out.append(" (" + ", ".join(trailing) + ")")
    return "".join(out)


def body_html(article: GermanArticle) -> Markup:
    parts: list[str] = []
    list_open = False
    for block in article.blocks:
        if block["kind"] == "li" and not list_open:
            parts.append("<ul>")
            list_open = True
        elif block["kind"] != "li" and list_open:
            parts.append("</ul>")
            list_open = False
        tag = block["kind"] if block["kind"] in ("h2", "h3", "blockquote", "li") else "p"
        parts.append(f"<{tag}>{linked_text(block['text'], block.get('links', []))}</{tag}>")
    if list_open:
        parts.append("</ul>")
    parts += [f'<p class="background">{escape(text)}</p>' for text in article.background]
    return Markup(sanitise_fragment("\n".join(parts)))


@dataclass
class IndexItem:
    title: str
    lead: str | None
    href: str
    date_line: str
    date_iso: str
    source_label: str
    published: datetime
    url: str


class SiteBuilder:
    def __init__(
        self,
        site_dir: Path,
        *,
        site_name: str,
        site_title: str,
        base_url: str,
        storage: Storage | None = None,
    ) -> None:
        """`storage`: where else the export goes (an object store), besides `site_dir`."""
        self.site_dir = site_dir
        self.mirror = (
            storage if storage is not None and storage.local_path("site") is None else None
        )
        self.site_name = site_name
        self.site_title = site_title
        self.base_url = base_url.rstrip("/") + "/"
        self.env = Environment(
            loader=PackageLoader("newsmt", "templates"),
            autoescape=select_autoescape(["html", "xml"]),
        )

    def article_page(self, article: GermanArticle, page_path: str) -> str:
        depth = page_path.count("/")
        return self.env.get_template("article.html").render(
            a=article,
            body_html=body_html(article),
            root="../" * depth,
            canonical=self.base_url + page_path,
            site_name=self.site_name,
            site_title=self.site_title,
        )

    def write_page(self, page_path: str, html: str) -> Path:
        target = self.site_dir / page_path
        write_atomic(target, html)
        if self.mirror is not None:
            self.mirror.put_bytes(f"site/{page_path}", html.encode("utf-8"))
        return target

    def remove_page(self, page_path: str) -> None:
        """The page is gone from the folder and from the object store alike."""
        (self.site_dir / page_path).unlink(missing_ok=True)
        if self.mirror is not None:
            self.mirror.delete(f"site/{page_path}")

    def copy_asset(self, source: Path, relative: str) -> None:
        target = self.site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, target)
            if self.mirror is not None:
                self.mirror.put_file(f"site/{relative}", source)

    def write_feeds(self, entries: list[FeedEntry]) -> None:
        """RSS and Atom of these entries (the newest first), built like the web app's."""
        feed = build_feed(
            base_url=self.base_url,
            title=self.site_title,
            description=f"Maschinelle Übersetzungen – {self.site_name}",
            entries=entries,
        )
        self.write_page("feed.rss", feed.rss_str(pretty=True).decode("utf-8"))
        self.write_page("feed.atom", feed.atom_str(pretty=True).decode("utf-8"))
