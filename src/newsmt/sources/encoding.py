"""Turning page bytes into text when servers lie or stay silent about the charset.

Order of evidence: byte-order mark, the HTTP Content-Type charset, a <meta> charset in
the first bytes, strict UTF-8, then charset-normalizer's guess (which recognises
windows-1251 and KOI8-R, still common on Ukrainian and Russian sites).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    candidates: list[str] = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match and (name := _known(match.group(1))):
            candidates.append(name)
    meta = _META_CHARSET.search(content[:4096])
    if meta and (name := _known(meta.group(1).decode("ascii", "ignore"))):
        candidates.append(name)
    candidates.append("utf-8")
    for name in candidates:
        try:
            return content.decode(name), name
        except UnicodeDecodeError:
            continue
    best = from_bytes(content).best()
    if best is not None and best.encoding:
        return str(best), codecs.lookup(best.encoding).name
    return content.decode("utf-8", errors="replace"), "utf-8"
