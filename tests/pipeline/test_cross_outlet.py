"""Evidence about another outlet's pages is no evidence. A page may say that another page is
its other-language edition (hreflang), share its story id, or name it as its original
(rel=canonical); that counts only when both pages belong to one outlet. A page of outlet B
that names a page of outlet A is read, published under its own address and noted, and A's
page is untouched: never made B's alternate, never kept from discovery, never a duplicate.

Two outlets on the one loopback server: A at 127.0.0.1, B at localhost (different hosts,
different sites). Every test runs with either outlet as the one making the claim. Real HTTP,
SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from newsmt.sources import canonicalize_url
from newsmt.sources.registry import add_source
from newsmt.store import Article, ArticleEvent

from ..conftest import FIXTURES, rss

HOSTS = {"a": "127.0.0.1", "b": "localhost"}
# the claiming outlet and the outlet whose page it names, both ways round
BOTH_WAYS = pytest.mark.parametrize(("claimer", "victim"), [("b", "a"), ("a", "b")])


def page(name: str, head: str = "") -> str:
    html = (FIXTURES / "editions" / f"{name}.html").read_text("utf-8")
    return html.replace("</title>", "</title>" + head)


@dataclass
class Outlet:
    """One outlet: its own host, its own feed, its own source row."""

    name: str
    base: str
    loopback: object

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, pages: dict[str, str]) -> None:
        for path, body in pages.items():
            self.loopback.add(path, body)  # type: ignore[attr-defined]
        feed = rss(self.base, list(pages))
        self.loopback.add(f"/{self.name}.xml", feed, content_type="application/rss+xml")  # type: ignore[attr-defined]


@pytest.fixture
def outlets(ctx, loopback):
    def make(name: str, adapter: str = "generic", **fields) -> Outlet:
        base = loopback.base_url.replace("127.0.0.1", HOSTS[name])
        loopback.add(f"/{name}.xml", rss(base, []), content_type="application/rss+xml")
        add_source(
            ctx.db,
            feed_url=f"{base}/{name}.xml",
            name=name,
            label=name.upper(),
            adapter=adapter,
            **fields,
        )
        return Outlet(name, base, loopback)

    return make


def article_at(ctx, url: str) -> Article:
    with ctx.db.session() as session:
        return session.scalars(select(Article).where(Article.url == url)).one()


def notes(ctx, *articles: Article) -> list[str]:
    with ctx.db.session() as session:
        return list(
            session.scalars(
                select(ArticleEvent.message).where(
                    ArticleEvent.article_id.in_([a.id for a in articles]),
                    ArticleEvent.outcome == "note",
                )
            )
        )


def german_page(ctx, article: Article) -> str:
    return (ctx.settings.site_dir / article.page_path).read_text("utf-8")


def assert_both_published_apart(ctx, claim: Article, victim: Article) -> None:
    assert claim.status == victim.status == "published"
    assert claim.edition_of_id is None and victim.edition_of_id is None
    assert claim.canonical_url == canonicalize_url(claim.url)
    assert victim.canonical_url == canonicalize_url(victim.url)
    assert claim.url not in german_page(ctx, victim)  # not linked as its other edition
    assert victim.url not in german_page(ctx, claim)


# --- hreflang ------------------------------------------------------------------------------


@BOTH_WAYS
def test_another_outlets_hreflang_link_does_not_make_an_article_its_alternate(
    ctx, runner, outlets, claimer, victim
):
    """Both found in one run: the victim's Russian article is read first, then the claiming
    outlet's Ukrainian page (preferred) that names it as its Russian edition."""
    victim_outlet, claim_outlet = outlets(victim), outlets(claimer)
    story = victim_outlet.url(f"/{victim}/ru/shelters")
    victim_outlet.serve({f"/{victim}/ru/shelters": page("story-ru")})
    link = f'<link rel="alternate" hreflang="ru" href="{story}">'
    claim_outlet.serve({f"/{claimer}/uk/fake": page("other-story-uk", link)})

    report = runner.run_once()

    assert (report.published, report.alternates) == (2, 0)
    claim = article_at(ctx, claim_outlet.url(f"/{claimer}/uk/fake"))
    assert_both_published_apart(ctx, claim, article_at(ctx, story))
    assert claim.alternate_urls is None
    assert (
        f"hreflang alternate {canonicalize_url(story)} is another outlet's page"
        in (notes(ctx, claim)[0])
    )


@BOTH_WAYS
def test_another_outlets_hreflang_link_to_a_published_article_is_not_linked_from_it(
    ctx, runner, outlets, claimer, victim
):
    victim_outlet, claim_outlet = outlets(victim), outlets(claimer)
    story = victim_outlet.url(f"/{victim}/ru/shelters")
    victim_outlet.serve({f"/{victim}/ru/shelters": page("story-ru")})
    assert runner.run_once().published == 1
    link = f'<link rel="alternate" hreflang="ru" href="{story}">'
    claim_outlet.serve({f"/{claimer}/uk/fake": page("other-story-uk", link)})

    report = runner.run_once()

    assert (report.published, report.alternates) == (1, 0)
    claim = article_at(ctx, claim_outlet.url(f"/{claimer}/uk/fake"))
    assert_both_published_apart(ctx, claim, article_at(ctx, story))


@BOTH_WAYS
def test_a_claim_made_before_the_named_page_exists_is_not_kept_for_it(
    ctx, runner, outlets, claimer, victim
):
    victim_outlet, claim_outlet = outlets(victim), outlets(claimer)
    story = victim_outlet.url(f"/{victim}/ru/shelters")
    link = f'<link rel="alternate" hreflang="ru" href="{story}">'
    claim_outlet.serve({f"/{claimer}/uk/fake": page("other-story-uk", link)})
    assert runner.run_once().published == 1
    victim_outlet.serve({f"/{victim}/ru/shelters": page("story-ru")})

    report = runner.run_once()

    assert (report.discovered, report.published, report.alternates) == (1, 1, 0)
    claim = article_at(ctx, claim_outlet.url(f"/{claimer}/uk/fake"))
    assert_both_published_apart(ctx, claim, article_at(ctx, story))
    assert claim.alternate_urls is None  # the claim was not even kept


# --- story ids -----------------------------------------------------------------------------


@BOTH_WAYS
def test_the_same_story_id_on_another_outlets_address_is_another_story(
    ctx, runner, outlets, claimer, victim
):
    """Both outlets read with the NV profile, so both addresses give «nv:50099001»."""
    victim_outlet, claim_outlet = outlets(victim, "nv"), outlets(claimer, "nv")
    story_path = f"/{victim}/kyiv/shelters-50099001.html"
    fake_path = f"/{claimer}/ukr/x-50099001.html"
    victim_outlet.serve({story_path: page("story-ru")})
    claim_outlet.serve({fake_path: page("other-story-uk")})

    report = runner.run_once()

    assert (report.published, report.alternates) == (2, 0)
    story = article_at(ctx, victim_outlet.url(story_path))
    claim = article_at(ctx, claim_outlet.url(fake_path))
    assert story.story_key == claim.story_key == "nv:50099001"
    assert_both_published_apart(ctx, claim, story)
    assert any(
        f"its story id nv:50099001 also names article {story.id}" in n and "another outlet" in n
        for n in notes(ctx, claim)
    )


# --- rel=canonical -------------------------------------------------------------------------


@BOTH_WAYS
def test_another_outlets_canonical_url_neither_becomes_the_original_nor_blocks_discovery(
    ctx, runner, outlets, claimer, victim
):
    victim_outlet, claim_outlet = outlets(victim), outlets(claimer)
    story = victim_outlet.url(f"/{victim}/ru/shelters")  # not published yet
    link = f'<link rel="canonical" href="{story}">'
    claim_outlet.serve({f"/{claimer}/uk/fake": page("other-story-uk", link)})

    assert runner.run_once().published == 1
    claim = article_at(ctx, claim_outlet.url(f"/{claimer}/uk/fake"))
    assert claim.canonical_url == canonicalize_url(claim.url)  # its own address, not the claim
    assert (
        f"canonical URL {canonicalize_url(story)} is another outlet's page"
        in (notes(ctx, claim)[0])
    )

    victim_outlet.serve({f"/{victim}/ru/shelters": page("story-ru")})  # now it is there
    report = runner.run_once()

    assert (report.discovered, report.published, report.duplicates) == (1, 1, 0)
    assert_both_published_apart(ctx, claim, article_at(ctx, story))


@BOTH_WAYS
def test_another_outlets_canonical_url_does_not_make_a_page_a_duplicate(
    ctx, runner, outlets, claimer, victim
):
    victim_outlet, claim_outlet = outlets(victim), outlets(claimer)
    story = victim_outlet.url(f"/{victim}/ru/shelters")
    victim_outlet.serve({f"/{victim}/ru/shelters": page("story-ru")})
    assert runner.run_once().published == 1
    link = f'<link rel="canonical" href="{story}">'
    claim_outlet.serve({f"/{claimer}/uk/fake": page("other-story-uk", link)})

    report = runner.run_once()

    assert (report.published, report.duplicates) == (1, 0)
    assert_both_published_apart(
        ctx, article_at(ctx, claim_outlet.url(f"/{claimer}/uk/fake")), article_at(ctx, story)
    )


@BOTH_WAYS
def test_an_address_claimed_before_the_fix_goes_back_to_its_outlet_when_it_appears(
    ctx, runner, outlets, claimer, victim
):
    """A row stored by an older version with another outlet's address as its canonical URL:
    discovery gives it its own address back and takes the other outlet's article."""
    victim_outlet, claim_outlet = outlets(victim), outlets(claimer)
    story = victim_outlet.url(f"/{victim}/ru/shelters")
    claim_outlet.serve({f"/{claimer}/uk/fake": page("other-story-uk")})
    runner.run_once()
    with ctx.db.session() as session:
        claimed = session.scalars(select(Article)).one()
        claimed.canonical_url = canonicalize_url(story)

    victim_outlet.serve({f"/{victim}/ru/shelters": page("story-ru")})
    report = runner.run_once()

    assert (report.discovered, report.published) == (1, 1)
    claim = article_at(ctx, claim_outlet.url(f"/{claimer}/uk/fake"))
    assert claim.canonical_url == canonicalize_url(claim.url)
    assert article_at(ctx, story).status == "published"
    assert any("is another outlet's page" in n for n in notes(ctx, claim))


# --- one outlet on two hosts -------------------------------------------------------------


def test_a_source_set_up_with_both_hosts_is_one_outlet_and_its_evidence_counts(
    ctx, runner, outlets
):
    """The same two hosts as above, but one source fetching from both: its pages' hreflang
    links pair them, whatever their texts."""
    outlet = outlets("a", hosts=[HOSTS["b"]])
    ru = outlet.url("/ru/shelters")
    uk = ru.replace(HOSTS["a"], HOSTS["b"]).replace("/ru/", "/uk/")
    uk_page = page("story-uk", f'<link rel="alternate" hreflang="ru" href="{ru}">')
    for old, new in (("87", "91"), ("610", "600"), ("540", "500"), ("45", "40")):
        uk_page = uk_page.replace(old, new)  # only the link can pair them
    outlet.loopback.add("/ru/shelters", page("story-ru"))  # type: ignore[attr-defined]
    outlet.loopback.add("/uk/shelters", uk_page)  # type: ignore[attr-defined]
    feed = rss("", [ru, uk])
    outlet.loopback.add("/a.xml", feed, content_type="application/rss+xml")  # type: ignore[attr-defined]

    report = runner.run_once()

    assert (report.published, report.alternates) == (1, 1)
    assert article_at(ctx, ru).edition_of_id == article_at(ctx, uk).id
