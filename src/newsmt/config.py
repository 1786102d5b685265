"""All configuration in one place.

Values come, in increasing priority, from the defaults below, the optional file
``$NEWSMT_HOME/newsmt.toml`` and ``NEWSMT_*`` environment variables. Everything the
product writes lives under ``home`` so that one directory is the whole state.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from newsmt import __version__

DEFAULT_MODEL_REPO = "Helsinki-NLP/opus-mt-tc-big-zle-de"

DISCLAIMER_UNREVIEWED = (
    "Das ist eine maschinelle Übersetzung eines Artikels des Onlineportals {label}. "
    "Die Übersetzung wurde weder überprüft, noch redaktionell bearbeitet und die Schreibung "
    "von Namen und geographischen Bezeichnungen entspricht nicht den sonst bei {site_name} "
    "verwendeten Konventionen."
)

DISCLAIMER_EDITED = (
    "Das ist eine maschinelle Übersetzung eines Artikels des Onlineportals {label}. "
    "Die Redaktion von {site_name} hat die Übersetzung bearbeitet, aber noch nicht "
    "abschließend geprüft; die Schreibung von Namen und geographischen Bezeichnungen kann "
    "von den sonst bei {site_name} verwendeten Konventionen abweichen."
)

DISCLAIMER_REVIEWED = (
    "Das ist eine maschinelle Übersetzung eines Artikels des Onlineportals {label}. "
    "Die Übersetzung wurde von der Redaktion von {site_name} überprüft und bearbeitet."
)


def _home_from_env() -> Path:
    return Path(os.environ.get("NEWSMT_HOME", "newsmt-data")).expanduser().resolve()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSMT_", extra="ignore")

    home: Path = Path("newsmt-data")
    database_url: str | None = None
    model_dir: Path | None = None
    model_repo: str = DEFAULT_MODEL_REPO
    chromium_path: str = "/usr/bin/chromium"
    capture_enabled: bool = True

    user_agent: str = (
        f"newsmt/{__version__} (+https://github.com/newsmt; newsroom translation pipeline)"
    )
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    max_retries: int = 3
    backoff_base: float = 0.5
    politeness_delay: float = 1.0
    max_response_bytes: int = 5_000_000
    max_redirects: int = 5

    max_total_seconds: float = 60.0  # a whole fetch, connect and every read together
    max_items_per_feed: int = 200  # new items per feed and run; the rest wait

    poll_interval: int = 600
    # /healthz fails when no source was polled successfully for this long (0: 3 polls)
    discovery_stale_seconds: int = 0
    max_article_attempts: int = 3
    claim_lease_seconds: float = 900.0  # longer than the slowest stage
    # Celery with Redis (redis://host:6379/0): the line spread over workers; None: local
    broker_url: str | None = None
    # where screenshots and the static export go: the home folder, or s3://bucket/prefix
    storage_url: str | None = None
    # a message not acknowledged within this is delivered again (0: twice the claim lease)
    broker_visibility_timeout: int = 0
    worker_wait_seconds: float = 30.0  # `run --once` waits this long for each queue's worker
    # one German article per story published in Russian and Ukrainian: the edition
    # translated (first language listed wins), and how far apart two editions may appear
    edition_priority: str = "uk,ru"
    edition_window_hours: float = 48.0

    # Translation. `engine` is the default; a source's own `engine` field overrides it.
    engine: str = "ctranslate2"
    beam_size: int = 4
    device: str = "auto"  # auto: CUDA when CTranslate2 sees a GPU, else cpu
    compute_type: str = "default"  # as converted; int8_float16 / float16 on a GPU
    max_decoding_length: int = 256
    engine_retries: int = 4
    engine_api_key: SecretStr | None = None  # for openai / deepl / libretranslate
    openai_base_url: str | None = None  # e.g. http://127.0.0.1:8080/v1 (llama.cpp, vLLM)
    openai_model: str = "default"
    deepl_server_url: str | None = None  # None: DeepL's own API (free or pro by key)
    libretranslate_url: str | None = None
    translation_memory: bool = True
    names_style: str = "default"

    site_name: str = "Ukraine-Nachrichten"
    site_title: str = "Ukraine-Nachrichten – Übersetzungen aus ukrainischen Medien"
    site_base_url: str = "http://localhost:8000/"
    disclaimer_unreviewed: str = DISCLAIMER_UNREVIEWED
    disclaimer_reviewed: str = DISCLAIMER_REVIEWED
    disclaimer_edited: str = DISCLAIMER_EDITED  # edited by an editor, not yet approved

    # Editor area
    session_hours: int = 12
    editor_claim_minutes: int = 30  # "Anna bearbeitet gerade" ends after this without a save
    # sentences at or above this risk are marked for the editor (0..1; calibrate on the
    # real model: the tiny test model's scores say nothing about it)
    risk_threshold: float = 0.5
    login_attempts_per_15min: int = 5
    cookie_secure: bool = False  # also set when the request came over HTTPS
    articles_per_page: int = 20
    page_cache_mb: int = 64  # per web worker
    # Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated,
    # e.g. "127.0.0.1"); empty: the peer address is the client, whatever headers say.
    trusted_proxies: str = ""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The home given to Settings(home=…) wins over NEWSMT_HOME: its newsmt.toml is read.
        given = getattr(init_settings, "init_kwargs", {}).get("home")
        home = Path(given).expanduser().resolve() if given else _home_from_env()
        toml_file = home / "newsmt.toml"
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
        )

    def model_post_init(self, __context: object) -> None:
        if not self.discovery_stale_seconds:
            self.discovery_stale_seconds = 3 * self.poll_interval
        self.home = self.home.expanduser().resolve()

    @cached_property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'newsmt.db'}"

    @property
    def resolved_model_dir(self) -> Path:
        return self.model_dir or self.home / "models" / "opus-mt-tc-big-zle-de-ct2"

    @property
    def site_dir(self) -> Path:
        return self.home / "site"

    @property
    def screenshots_dir(self) -> Path:
        return self.home / "screenshots"

    @property
    def names_dir(self) -> Path:
        """Editors' additions to the gazetteer and their own styles (same file names)."""
        return self.home / "names"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def site_changes_file(self) -> Path:
        return self.home / "site.changes"

    def bump_site_version(self, article_ids: list[int] | None = None) -> None:
        """Tell every web worker which articles' pages are stale (None: every page). One
        line per change in site.changes; the file starts over past 1 MB (with a line that
        says "everything", so a worker that missed the rest drops all)."""
        self.home.mkdir(parents=True, exist_ok=True)
        line = "*" if article_ids is None else " ".join(map(str, article_ids)) or "-"
        changes = self.site_changes_file
        if changes.exists() and changes.stat().st_size > 1_000_000:
            changes.write_text("*\n", encoding="utf-8")
        with changes.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def site_version(self) -> int:
        """Changes with every announcement: the size of site.changes grows with each line
        (the file's modification time alone can repeat within its clock's resolution)."""
        try:
            changes = self.site_changes_file.stat()
        except FileNotFoundError:
            return 0
        return changes.st_size * 1_000_003 + changes.st_ino

    def ensure_dirs(self) -> None:
        for path in (self.home, self.site_dir, self.screenshots_dir, self.logs_dir):
            path.mkdir(parents=True, exist_ok=True)
