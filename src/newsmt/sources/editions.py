"""Are two articles editions of one story? Korrespondent.net, Ukrainska Pravda, NV and others
publish most stories twice, in Russian and in Ukrainian; newsmt translates one of them.

Three kinds of evidence, strongest first: the pages' hreflang alternates name each other;
the outlet's profile finds the same story id in both addresses (``story_id`` in
data/outlets/*.yaml); and, when neither is there, the texts agree across the two
languages. Russian and Ukrainian share the numbers of a story, its dates and its names
(Зеленский / Зеленський, Харьков / Харків reduce to the same consonant skeleton), and have
about the same length; a different story on the same topic shares the names but not the
numbers. ``content_match`` weighs these; ``tests/sources/test_editions.py`` gates it on
the real ru/uk pairs in ../shared/news-pages.

A page speaks only for its own outlet: an hreflang link, a story id or a ``rel=canonical``
that points at another outlet's page is no evidence (``same_outlet``), or one outlet could
hide another's story behind its own text.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from newsmt.sources.extract.common import site_key
from newsmt.store.spelling import WORD

# Cyrillic (ru and uk) and Latin letters to one consonant skeleton; vowels, й, ь, ъ and
# apostrophes drop out, so the ru and uk spellings of a name meet.
_SKELETON = str.maketrans(
    {
        **dict.fromkeys("аеёєиіїоуыэюяйьъ'’ʼaeiouy", ""),
        "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "ж": "j", "з": "z", "к": "k",
        "л": "l", "м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f",
        "х": "h", "ц": "c", "ч": "q", "ш": "w", "щ": "w", "w": "v", "x": "ks", "c": "k",
        "q": "k",
    }
)  # fmt: skip
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_SENTENCE_START = re.compile(r"(^|[.!?…:»\"“”]\s+|\n)$")
NAME_KEY_LENGTH = 4

# thresholds, measured on the real pairs (see the module docstring)
MIN_NAME_OVERLAP = 0.5
MIN_NUMBER_OVERLAP = 0.6
LENGTH_RATIO = 1.6  # the longer text at most this many times the shorter
MIN_SCORE = 0.6


def skeleton(word: str) -> str:
    letters = word.casefold().translate(_SKELETON)
    collapsed = re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", letters))
    return collapsed[:NAME_KEY_LENGTH]


@dataclass(frozen=True)
class Signature:
    """What two editions of a story share whatever their language."""

    numbers: frozenset[str]
    names: frozenset[str]
    length: int

    @classmethod
    def of(cls, texts: list[str]) -> Signature:
        numbers: set[str] = set()
        names: set[str] = set()
        length = 0
        for text in texts:
            length += len(text)
            for number in _NUMBER.findall(text):
                value = number.replace(",", ".").lstrip("0") or "0"
                numbers.add(value.rstrip("0").rstrip(".") if "." in value else value)
            for match in WORD.finditer(text):
                word = match.group(0)
                if not word[0].isupper() or _SENTENCE_START.search(text[: match.start()]):
                    continue  # only names: capitalised words inside a sentence
                key = skeleton(word)
                if len(key) >= 2:
                    names.add(key)
        return cls(frozenset(numbers), frozenset(names), length)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    if not a or not b:
        return None
    return len(a & b) / min(len(a), len(b))


def content_score(a: Signature, b: Signature) -> float:
    """0 (different stories) to 1 (the same story in two languages)."""
    if not a.length or not b.length:
        return 0.0
    if max(a.length, b.length) > LENGTH_RATIO * min(a.length, b.length):
        return 0.0
    names = _overlap(a.names, b.names)
    numbers = _overlap(a.numbers, b.numbers)
    if names is None or names < MIN_NAME_OVERLAP:
        return 0.0
    if numbers is not None and numbers < MIN_NUMBER_OVERLAP:
        return 0.0
    if numbers is None and (a.numbers or b.numbers):
        return 0.0  # one has numbers the other lacks entirely
    return names if numbers is None else (names + numbers) / 2


def content_match(a: Signature, b: Signature) -> bool:
    return content_score(a, b) >= MIN_SCORE


def story_key(url: str, adapter: str) -> str | None:
    """«korrespondent:4058023»: the outlet profile's story id in the address, the same in
    both editions of a story; None without a profile or a match."""
    from newsmt.sources.extract import outlet_profiles

    profiles = outlet_profiles()
    site = site_key(url)
    profile = profiles.get(adapter) or next(
        (p for p in profiles.values() if site in {site_key(f"http://{h}") for h in p.hosts}),
        None,
    )
    if profile is None or not profile.story_id:
        return None
    match = re.search(profile.story_id, urlsplit(url).path)
    return f"{profile.name}:{match.group(1)}" if match else None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").casefold().removeprefix("www.")


def _site(host: str) -> str:
    """`site_key` of a host, but an IP address is a site of its own (127.0.0.1 and
    10.0.0.1 are not one outlet because they end alike)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return site_key(f"http://{host}")
    return host


@lru_cache(maxsize=1)
def _profile_sites() -> tuple[frozenset[str], ...]:
    """Each outlet profile's sites (unian.ua and unian.net are one outlet)."""
    from newsmt.sources.extract import outlet_profiles

    return tuple(
        frozenset(_site(h.casefold().removeprefix("www.")) for h in profile.hosts)
        for profile in outlet_profiles().values()
    )


def same_outlet(url: str, other: str, hosts: Iterable[str] = ()) -> bool:
    """Do two addresses belong to one outlet? Yes when they share a site (ua.korrespondent.net
    and korrespondent.net), when one outlet profile names both sites (unian.ua and
    unian.net), or when both hosts are in `hosts`, the hosts a source was set up with for
    the page that makes the claim. The one test for every kind of evidence a page gives
    about another page (hreflang, story id, rel=canonical): what a page says about
    another outlet's pages is no evidence."""
    mine, theirs = _host(url), _host(other)
    if not mine or not theirs:
        return False
    if mine == theirs or _site(mine) == _site(theirs):
        return True
    if any({_site(mine), _site(theirs)} <= sites for sites in _profile_sites()):
        return True
    vouched = {h.casefold().removeprefix("www.") for h in hosts}
    return mine in vouched and theirs in vouched
