"""Outlets as data: one YAML profile per site under data/outlets/, read by one adapter.

A profile names the outlet's hosts and feeds, CSS selectors for the article's parts, and
conventions of its own on top of data/extraction/conventions.yaml. Adding an outlet is
adding a file. When a page does not match its profile (a redesign), `ProfileMismatch`
says which part is missing and extract_article falls back to the generic extractor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from newsmt.sources.extract.assemble import assemble_article
from newsmt.sources.extract.common import (
    Block,
    ExtractedArticle,
    ExtractionError,
    Image,
    parse_iso_datetime,
    parse_text_date,
    safe_http_url,
)
from newsmt.sources.extract.conventions import Conventions, default_conventions
from newsmt.sources.extract.markup import (
    node_lines,
    node_links,
    node_text,
    parse_page,
    read_markup,
)

BODY_TAGS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol"}
SKIPPED = {"script", "style", "noscript", "iframe", "figure", "figcaption", "aside", "nav"}
KNOWN_SELECTORS = {
    "container", "title", "body", "lead", "date", "image", "image_caption", "tags",
}  # fmt: skip


class ProfileMismatch(ExtractionError):
    """The page lacks a part its outlet profile requires: the markup changed."""


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    hosts: tuple[str, ...]
    feeds: dict[str, str] = field(default_factory=dict)
    selectors: dict[str, Any] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    conventions: dict[str, Any] = field(default_factory=dict)
    story_id: str | None = None
    # elements of the outlet's page furniture inside the article (share bars, read-also
    # sliders, view counters): never body text
    remove: tuple[str, ...] = ()

    @classmethod
    def from_yaml(cls, text: str, origin: str) -> Profile:
        raw = yaml.safe_load(text) or {}
        missing = [k for k in ("name", "label", "hosts", "selectors") if not raw.get(k)]
        if missing:
            raise ValueError(f"outlet profile {origin}: missing {', '.join(missing)}")
        unknown = set(raw["selectors"]) - KNOWN_SELECTORS
        if unknown:
            raise ValueError(f"outlet profile {origin}: unknown selectors {sorted(unknown)}")
        if raw.get("story_id"):
            re.compile(raw["story_id"])
        return cls(
            name=str(raw["name"]),
            label=str(raw["label"]),
            hosts=tuple(raw["hosts"]),
            feeds=dict(raw.get("feeds") or {}),
            selectors=dict(raw["selectors"]),
            required=tuple(raw.get("required") or ()),
            conventions=dict(raw.get("conventions") or {}),
            story_id=raw.get("story_id"),
            remove=tuple(raw.get("remove") or ()),
        )

    def selector(self, part: str) -> str | None:
        value = self.selectors.get(part)
        return value if isinstance(value, str) else None


@lru_cache(maxsize=1)
def outlet_profiles() -> dict[str, Profile]:
    folder = resources.files("newsmt.data").joinpath("outlets")
    profiles = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            profile = Profile.from_yaml(entry.read_text("utf-8"), entry.name)
            profiles[profile.name] = profile
    return profiles


@lru_cache(maxsize=64)
def profile_conventions(name: str) -> Conventions:
    """The shared conventions plus the outlet's own, compiled once per outlet, not per page."""
    return default_conventions().extended(outlet_profiles()[name].conventions)


def _body_nodes(node: Node, skip: frozenset[int] = frozenset()) -> Iterator[Node]:
    """Body-level elements in document order, looking through wrapper <div>s. Iterative:
    3,000 nested divs must not reach Python's recursion limit."""
    stack: list[Iterator[Node]] = [iter(node.iter(include_text=False))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.mem_id in skip:
            continue
        elif child.tag in BODY_TAGS:
            yield child
        elif child.tag not in SKIPPED:
            stack.append(iter(child.iter(include_text=False)))


def _date(tree: HTMLParser, profile: Profile, from_metadata: Any) -> Any:
    choices = profile.selectors.get("date") or ["json-ld"]
    for choice in [choices] if isinstance(choices, str) else choices:
        if choice in ("json-ld", "meta"):
            if from_metadata is not None:
                return from_metadata
            continue
        node = tree.css_first(choice)
        if node is None:
            continue
        stamp = node.attributes.get("datetime") or node.attributes.get("content")
        found = parse_iso_datetime(stamp) if stamp else parse_text_date(node_text(node))
        if found is not None:
            return found
    return None


def extract_with_profile(
    html: str, url: str, profile: Profile, *, fallback_lang: str | None = None
) -> ExtractedArticle:
    tree, meta = parse_page(html, url)
    found: dict[str, Node | None] = {}
    for part in ("container", "title", "body", "lead"):
        selector = profile.selector(part)
        found[part] = tree.css_first(selector) if selector else None
    missing = [p for p in profile.required if found.get(p) is None]
    if missing:
        names = ", ".join(f"{p} ({profile.selector(p)})" for p in missing)
        raise ProfileMismatch(f"{profile.label} markup not found: {names} missing")
    body_node = found["body"]
    lead_node = found["lead"]
    blocks: list[Block] = []
    lead: str | None = None
    skip = frozenset(n.mem_id for selector in profile.remove for n in tree.css(selector))
    if lead_node is not None and lead_node.tag not in BODY_TAGS:  # a <div> standfirst
        lead, skip = node_text(lead_node) or None, skip | {lead_node.mem_id}
    for node in _body_nodes(body_node, skip) if body_node is not None else iter(()):
        # a standfirst opens the text; a later match is an ordinary heading
        if lead_node is not None and node.mem_id == lead_node.mem_id and not blocks:
            lead = node_text(node) or None
            continue
        if node.tag in ("ul", "ol"):
            for item in node.css("li"):
                links = node_links(item, url)
                blocks.extend(Block("li", line, links) for line in node_lines(item))
        else:
            links = node_links(node, url)
            blocks.extend(Block(node.tag or "p", line, links) for line in node_lines(node))
    if lead is None and lead_node is not None and not _inside(lead_node, body_node):
        lead = node_text(lead_node) or None
    if not blocks:
        raise ProfileMismatch(f"{profile.label} article has no body paragraphs")
    images = []
    image_node = (
        tree.css_first(profile.selector("image") or "") if profile.selector("image") else None
    )
    if image_node is not None and (src := safe_http_url(image_node.attributes.get("src"), url)):
        caption_sel = profile.selector("image_caption")
        caption = node_text(tree.css_first(caption_sel)) if caption_sel else ""
        images.append(Image(src=src, caption=caption or None))
    tags_sel = profile.selector("tags")
    tags = [t for n in tree.css(tags_sel) if (t := node_text(n))] if tags_sel else None
    title_node = found["title"]
    return assemble_article(
        blocks,
        meta=meta,
        markup=read_markup(tree, url),
        url=url,
        title=node_text(title_node) if title_node is not None else meta.headline,
        lead=lead,
        conventions=profile_conventions(profile.name),
        extractor=f"profile:{profile.name}",
        fallback_lang=fallback_lang,
        published_at=_date(tree, profile, meta.published_at),
        images=images or None,
        tags=tags,
        site_hosts=profile.hosts,
    )


def _inside(node: Node, ancestor: Node | None) -> bool:
    if ancestor is None:
        return False
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor.mem_id:
            return True
        parent = parent.parent
    return False
