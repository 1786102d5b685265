"""Translation memory: never translate the same segment twice, and let editors win.

Lookups are keyed by a hash of the normalised source text and its language. A machine
segment is reused only for the same engine, model and names style (another model would
translate it differently); an editor's correction is reused for every engine, because a
person has decided what the German should be. Export and import speak TMX 1.4b, the
exchange format every CAT tool reads.
"""

from __future__ import annotations

import hashlib
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newsmt.sanitize import clean_text, xml_safe
from newsmt.store import Database, MemorySegment
from newsmt.translate.engine import EngineIdentity

MACHINE = "machine"
EDITOR = "editor"
TMX_LANG = {"ru": "ru-RU", "uk": "uk-UA", "de": "de-DE"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


log = logging.getLogger("newsmt.translate.memory")


def normalise_segment(text: str) -> str:
    """Whitespace collapsed and control characters gone (PostgreSQL refuses NUL, XML the
    rest), so a segment is stored and looked up the same way on every backend."""
    return re.sub(r"\s+", " ", clean_text(text)).strip()


def segment_hash(text: str, src_lang: str) -> str:
    return hashlib.sha256(f"{src_lang}\x00{normalise_segment(text)}".encode()).hexdigest()


@dataclass(frozen=True)
class MemoryKey:
    """Which machine segments may be reused: same engine, model and style."""

    engine: str
    model_id: str
    model_revision: str
    style: str

    @classmethod
    def for_engine(cls, identity: EngineIdentity, style: str) -> MemoryKey:
        return cls(identity.engine, identity.model_id, identity.model_revision, style)


class TranslationMemory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def lookup(
        self, segments: Sequence[str], *, src_lang: str, key: MemoryKey | None
    ) -> dict[str, str]:
        """Known translations by source hash; editor corrections override machine ones."""
        return {
            h: text
            for h, (text, _) in self.lookup_scored(segments, src_lang=src_lang, key=key).items()
        }

    def lookup_scored(
        self, segments: Sequence[str], *, src_lang: str, key: MemoryKey | None
    ) -> dict[str, tuple[str, float | None]]:
        """As `lookup`, each translation with the engine's confidence (None for editors')."""
        hashes = list(dict.fromkeys(segment_hash(s, src_lang) for s in segments))
        if not hashes:
            return {}
        found: dict[str, tuple[str, float | None]] = {}
        with self.db.session() as session:
            rows = session.scalars(
                select(MemorySegment).where(MemorySegment.source_hash.in_(hashes))
            ).all()
            machine = [
                r
                for r in rows
                if key is not None
                and r.origin == MACHINE
                and (r.engine, r.model_id, r.model_revision, r.style)
                == (key.engine, key.model_id, key.model_revision, key.style)
            ]
            editor = sorted((r for r in rows if r.origin == EDITOR), key=lambda r: r.updated_at)
            for row in [*machine, *editor]:  # later rows win: editors last
                found[row.source_hash] = (row.target_text, row.confidence)
                row.uses += 1
        return found

    def store_machine(
        self,
        pairs: Iterable[tuple[str, str]],
        *,
        src_lang: str,
        key: MemoryKey,
        confidences: Sequence[float | None] | None = None,
    ) -> None:
        """Two runs (or workers) may store the same segment at once: the loser of the race
        tries again and then finds the row; a memory that still cannot be written costs
        a later lookup, never the article its translation belongs to."""
        pairs = list(pairs)
        sure = list(confidences) if confidences is not None else [None] * len(pairs)
        for attempt in (1, 2, 3):
            try:
                with self.db.session() as session:
                    for (source, target), confidence in zip(pairs, sure, strict=True):
                        self._upsert(
                            session,
                            source,
                            target,
                            confidence,
                            src_lang=src_lang,
                            origin=MACHINE,
                            engine=key.engine,
                            model_id=key.model_id,
                            model_revision=key.model_revision,
                            style=key.style,
                        )
                return
            except (IntegrityError, OperationalError) as exc:
                if attempt == 3:
                    log.warning("translation memory not written", extra={"error": str(exc)[:300]})

    def store_correction(
        self,
        source: str,
        target: str,
        *,
        src_lang: str,
        editor: str | None = None,
        session: Session | None = None,
    ) -> None:
        """An editor's sentence for this source; in `session` when the caller's transaction
        must hold it (it holds the article's lock), else in its own."""
        if session is not None:
            self._upsert(
                session, source, target, None, src_lang=src_lang, origin=EDITOR, editor=editor
            )
            return
        with self.db.session() as own:
            self._upsert(own, source, target, None, src_lang=src_lang, origin=EDITOR, editor=editor)

    def _upsert(
        self,
        session: Session,
        source: str,
        target: str,
        confidence: float | None,
        *,
        src_lang: str,
        origin: str,
        **key: str | None,
    ) -> None:
        digest = segment_hash(source, src_lang)
        keys = {k: v or "" for k, v in key.items() if k != "editor"}
        row = session.scalar(
            select(MemorySegment).where(
                MemorySegment.source_hash == digest,
                MemorySegment.origin == origin,
                MemorySegment.engine == keys.get("engine", ""),
                MemorySegment.model_id == keys.get("model_id", ""),
                MemorySegment.style == keys.get("style", ""),
            )
        )
        if row is None:
            row = MemorySegment(
                source_hash=digest,
                src_lang=src_lang,
                source_text=normalise_segment(source),
                origin=origin,
                uses=0,
                engine=keys.get("engine", ""),
                model_id=keys.get("model_id", ""),
                model_revision=keys.get("model_revision", ""),
                style=keys.get("style", ""),
            )
            session.add(row)
        row.target_text = normalise_segment(target)
        row.confidence = confidence
        row.editor = key.get("editor") or row.editor
        session.flush()

    def count(self) -> dict[str, int]:
        with self.db.session() as session:
            rows = session.execute(
                select(MemorySegment.origin, func.count()).group_by(MemorySegment.origin)
            )
            counted = {origin: n for origin, n in rows}
        return {origin: counted.get(origin, 0) for origin in (MACHINE, EDITOR)}

    # --- TMX -------------------------------------------------------------------------

    def export_tmx(self, path: Path, *, origin: str | None = None) -> int:
        root = ET.Element("tmx", version="1.4")
        ET.SubElement(
            root,
            "header",
            creationtool="newsmt",
            creationtoolversion="0.1",
            segtype="sentence",
            adminlang="en-US",
            srclang="*all*",
            attrib={"datatype": "plaintext", "o-tmf": "newsmt"},
        )
        body = ET.SubElement(root, "body")
        with self.db.session() as session:
            query = select(MemorySegment).order_by(MemorySegment.id)
            if origin:
                query = query.where(MemorySegment.origin == origin)
            rows = session.scalars(query).all()
        for row in rows:
            tu = ET.SubElement(
                body,
                "tu",
                tuid=str(row.id),
                srclang=TMX_LANG.get(row.src_lang, row.src_lang),
                changedate=row.updated_at.strftime("%Y%m%dT%H%M%SZ"),
                usagecount=str(row.uses),
            )
            for prop_type, value in (
                ("x-origin", row.origin),
                ("x-engine", row.engine),
                ("x-model", row.model_id),
                ("x-model-revision", row.model_revision),
                ("x-style", row.style),
                ("x-editor", row.editor or ""),
            ):
                if value:
                    ET.SubElement(tu, "prop", type=prop_type).text = xml_safe(value)
            for lang, text in ((row.src_lang, row.source_text), (row.tgt_lang, row.target_text)):
                tuv = ET.SubElement(tu, "tuv", {XML_LANG: TMX_LANG.get(lang, lang)})
                ET.SubElement(tuv, "seg").text = xml_safe(text)
        ET.indent(root)
        path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
        return len(rows)

    def import_tmx(self, path: Path, *, as_editor: bool = False) -> int:
        """Import translation units. Units marked as editor corrections (or all units
        with `as_editor`) become corrections; the rest are machine segments."""
        tree = ET.parse(path)
        imported = 0
        for tu in tree.iter("tu"):
            props = {p.get("type"): (p.text or "") for p in tu.findall("prop")}
            segs: dict[str, str] = {}
            for tuv in tu.findall("tuv"):
                lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].lower()
                seg = tuv.find("seg")
                if seg is not None:
                    segs[lang] = "".join(seg.itertext())
            src_lang = next((lang for lang in ("ru", "uk") if lang in segs), None)
            if src_lang is None or "de" not in segs:
                continue
            if as_editor or props.get("x-origin") == EDITOR:
                self.store_correction(
                    segs[src_lang], segs["de"], src_lang=src_lang, editor=props.get("x-editor")
                )
            else:
                key = MemoryKey(
                    props.get("x-engine", "tmx-import"),
                    props.get("x-model", path.name),
                    props.get("x-model-revision", ""),
                    props.get("x-style", ""),
                )
                self.store_machine([(segs[src_lang], segs["de"])], src_lang=src_lang, key=key)
            imported += 1
        return imported
