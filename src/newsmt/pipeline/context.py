"""Everything a run needs, created once and shared by the stages."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from newsmt.capture import Screenshotter
from newsmt.config import Settings
from newsmt.home import ensure_dirs
from newsmt.names.house_style import HouseStyler, house_styler
from newsmt.publish import SiteBuilder
from newsmt.sources import Fetcher, FetchPolicy
from newsmt.storage import Storage, open_storage
from newsmt.store import AppSetting, Database
from newsmt.translate import TranslationEngine, TranslationMemory, make_engine

if TYPE_CHECKING:
    from newsmt.pipeline.publication import Publisher


def active_names_style(session: Session, settings: Settings) -> str:
    """The style editors chose in the web app, else the configured one."""
    chosen = session.get(AppSetting, "names_style")
    return chosen.value if chosen else settings.names_style


@dataclass
class PipelineContext:
    settings: Settings
    db: Database
    engine_override: str | None = None  # `newsmt run --engine NAME`
    _closables: list[object] = field(default_factory=list)
    _engines: dict[str, TranslationEngine] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> PipelineContext:
        ensure_dirs(settings)
        db = Database(settings.resolved_database_url)
        db.prepare()
        return cls(settings=settings, db=db)

    @cached_property
    def fetcher(self) -> Fetcher:
        # FetchPolicy's fields are named after the settings that configure them.
        policy = FetchPolicy(
            **{f.name: getattr(self.settings, f.name) for f in fields(FetchPolicy)}
        )
        fetcher = Fetcher(policy)
        self._closables.append(fetcher)
        return fetcher

    @cached_property
    def screenshotter(self) -> Screenshotter:
        shooter = Screenshotter(self.settings.chromium_path)
        self._closables.append(shooter)
        return shooter

    def engine_for(self, source_engine: str | None = None) -> TranslationEngine:
        """The run's engine if one was given, else the source's, else the configured one."""
        name = self.engine_override or source_engine or self.settings.engine
        if name not in self._engines:
            engine = make_engine(name, self.settings)
            self._engines[name] = engine
            self._closables.append(engine)  # every engine has close() (a no-op by default)
        return self._engines[name]

    @property
    def engine(self) -> TranslationEngine:
        return self.engine_for(None)

    @cached_property
    def memory(self) -> TranslationMemory | None:
        return TranslationMemory(self.db) if self.settings.translation_memory else None

    @property
    def names_style(self) -> str:
        with self.db.session() as session:
            return active_names_style(session, self.settings)

    @property
    def house_styler(self) -> HouseStyler:
        """Per call: editors may have changed the style or the gazetteer since (cached)."""
        return house_styler(self.names_style, self.settings.names_dir)

    @cached_property
    def storage(self) -> Storage:
        return open_storage(self.settings.storage_url, self.settings.home)

    @cached_property
    def site(self) -> SiteBuilder:
        s = self.settings
        return SiteBuilder(
            s.site_dir,
            site_name=s.site_name,
            site_title=s.site_title,
            base_url=s.site_base_url,
            storage=self.storage,
        )

    @cached_property
    def publisher(self) -> Publisher:
        """The one way articles reach and leave the site (imported here, when first
        needed: the publication service itself speaks the state machine)."""
        from newsmt.pipeline.publication import Publisher

        return Publisher(self.settings, self.db, self.site, self.storage)

    def close(self) -> None:
        for item in reversed(self._closables):
            item.close()  # type: ignore[attr-defined]
        self._closables.clear()
        self.db.dispose()
