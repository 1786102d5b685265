"""All configuration in one place.

Values come, in increasing priority, from the defaults below, the optional file
``$NEWSMT_HOME/newsmt.toml`` and ``NEWSMT_*`` environment variables. Everything the
product writes lives under ``home`` so that one directory is the whole state.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr
from pydantic.config import JsonDict
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from newsmt import __version__

DEFAULT_MODEL_REPO = "Helsinki-NLP/opus-mt-tc-big-zle-de"


def _home_from_env() -> Path:
    return Path(os.environ.get("NEWSMT_HOME", "newsmt-data")).expanduser().resolve()


def setting(default: Any, help: str, *, shown: str | None = None) -> Any:
    """A setting and its one line of help (the README's table is made from these).
    `shown` is the default as the table writes it, where the value is computed."""
    extra: JsonDict | None = {"shown_default": shown} if shown is not None else None
    return Field(default, description=help, json_schema_extra=extra)


class Settings(BaseSettings):
    """Every setting; each is `NEWSMT_<NAME>` in the environment and `name` in the toml.
    Reading them touches no file but the toml; folders and files are made elsewhere
    (newsmt.home, newsmt.publish.announce)."""

    model_config = SettingsConfigDict(env_prefix="NEWSMT_", extra="ignore")

    home: Path = setting(
        Path("newsmt-data"),
        "the folder of all state: database, models, screenshots, site, logs, `newsmt.toml`",
        shown="`./newsmt-data`",
    )
    database_url: str | None = setting(
        None, "e.g. `postgresql://user:pw@host/db`", shown="`sqlite:///$NEWSMT_HOME/newsmt.db`"
    )
    model_dir: Path | None = setting(
        None,
        "converted CTranslate2 model",
        shown="`$NEWSMT_HOME/models/opus-mt-tc-big-zle-de-ct2`",
    )
    model_repo: str = setting(
        DEFAULT_MODEL_REPO, "Hugging Face repository the model is installed (and converted) from"
    )
    chromium_path: str = setting("/usr/bin/chromium", "browser for screenshots")
    capture_enabled: bool = setting(True, "take screenshots of the originals")

    user_agent: str = setting(
        f"newsmt/{__version__} (+https://github.com/newsmt; newsroom translation pipeline)",
        "User-Agent of every request to a news site and of robots.txt checks",
        shown="`newsmt/VERSION (+https://github.com/newsmt; …)`",
    )
    connect_timeout: float = setting(5.0, "HTTP connect timeout, in seconds")
    read_timeout: float = setting(20.0, "HTTP read timeout, in seconds")
    max_retries: int = setting(3, "retries on 5xx, 429, timeouts")
    backoff_base: float = setting(0.5, "seconds before the first retry (backoff doubles)")
    politeness_delay: float = setting(1.0, "minimum gap between requests to one host, in seconds")
    max_response_bytes: int = setting(5_000_000, "larger responses are refused")
    max_redirects: int = setting(5, "redirects followed per fetch; more is an error")
    max_total_seconds: float = setting(
        60.0,
        "total deadline of one fetch in seconds: connect, every read, retries and "
        "redirects, robots.txt included",
    )
    max_items_per_feed: int = setting(
        200, "new items taken from one feed per run, newest first; the rest wait for the next run"
    )

    poll_interval: int = setting(
        600, "seconds between polls of a feed (per source with `--poll-interval`)"
    )
    discovery_stale_seconds: int = setting(
        0,
        "`/healthz` answers 503 when no active source was polled successfully for this long",
        shown="3 × `NEWSMT_POLL_INTERVAL`",
    )
    max_article_attempts: int = setting(
        3,
        "failed articles are retried on later runs up to this, then stay failed until "
        "`newsmt articles retry`",
    )
    claim_lease_seconds: float = setting(
        60.0,
        "how long a runner's claim on an article lasts, in seconds; renewed every third of "
        "it while a stage runs, so a killed runner's article is taken over when it ends",
    )
    broker_url: str | None = setting(
        None,
        "`redis://host:6379/0`: the line runs on Celery workers ([Scaling out](#scaling-out))",
        shown="(none: the local runner)",
    )
    storage_url: str | None = setting(
        None,
        "`s3://bucket/prefix` for screenshots, thumbnails and the static export on any "
        "S3-compatible store (endpoint and keys from `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, "
        "`AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`)",
        shown="(none: the home folder)",
    )
    broker_visibility_timeout: int = setting(
        0,
        "seconds after which Redis delivers an unacknowledged message again (longer than "
        "the slowest stage)",
        shown="twice the claim lease",
    )
    worker_wait_seconds: float = setting(
        30.0, "how long `run --once` waits for a worker on each queue, in seconds"
    )
    edition_priority: str = setting(
        "uk,ru",
        "which edition of a story published in Russian and Ukrainian is translated (first "
        "wins; per source with `--edition-priority`)",
    )
    edition_window_hours: float = setting(
        48.0, "how far apart in time two editions of one story may appear, in hours"
    )

    engine: str = setting(
        "ctranslate2",
        "default engine: `ctranslate2`, `openai`, `deepl`, `libretranslate` (per source "
        "with `--engine`)",
    )
    beam_size: int = setting(4, "CTranslate2 beam size")
    device: str = setting(
        "auto", "CTranslate2 device (`auto`: the GPU when CTranslate2 sees one, else `cpu`)"
    )
    compute_type: str = setting(
        "default",
        "CTranslate2 compute type (`default`: as converted; `int8_float16` or `float16` on a GPU)",
    )
    max_decoding_length: int = setting(256, "longest CTranslate2 output, in tokens")
    engine_retries: int = setting(
        4, "attempts on 429, 5xx and timeouts (exponential backoff, `Retry-After` honoured)"
    )
    engine_api_key: SecretStr | None = setting(
        None,
        "key for the remote engine (openai, deepl, libretranslate); sent in headers only, "
        "never logged or shown",
    )
    openai_base_url: str | None = setting(
        None,
        "an OpenAI-compatible endpoint (`http://127.0.0.1:8080/v1` for llama.cpp's server, "
        "vLLM, Ollama's `/v1`)",
    )
    openai_model: str = setting("default", "model name sent to the OpenAI-compatible endpoint")
    deepl_server_url: str | None = setting(
        None, "only for a proxy or test server", shown="DeepL's API (free or pro by key)"
    )
    libretranslate_url: str | None = setting(
        None, "LibreTranslate server, e.g. `http://127.0.0.1:5000`"
    )
    translation_memory: bool = setting(True, "reuse translated segments")
    names_style: str = setting(
        "default",
        "house style for names: `default`, `duden-strict`, `english` or an editor style",
    )

    site_name: str = setting("Ukraine-Nachrichten", "site name (`{site_name}` in disclaimers)")
    site_title: str = setting(
        "Ukraine-Nachrichten – Übersetzungen aus ukrainischen Medien",
        "title of the public site and its feeds",
    )
    site_base_url: str = setting("http://localhost:8000/", "public URL of the site")
    # None: the wording in newsmt.render.disclaimer
    disclaimer_unreviewed: str | None = setting(
        None,
        "disclaimer of articles nobody has edited or approved (`{label}`, `{site_name}`)",
        shown='"… weder überprüft, noch redaktionell bearbeitet …"',
    )
    disclaimer_reviewed: str | None = setting(
        None,
        "disclaimer of approved articles (`{label}`, `{site_name}`)",
        shown='"… von der Redaktion … überprüft und bearbeitet."',
    )
    disclaimer_edited: str | None = setting(
        None,
        "disclaimer of articles an editor changed but has not approved (`{label}`, `{site_name}`)",
        shown='"… hat die Übersetzung bearbeitet, aber noch nicht abschließend geprüft …"',
    )

    session_hours: int = setting(12, "editor sessions expire after this many hours")
    editor_claim_minutes: int = setting(
        30,
        'how long "Anna bearbeitet gerade" lasts after her last save or claim (a decision '
        "ends it at once)",
    )
    risk_threshold: float = setting(
        0.5,
        "sentences at or above this risk (0–1) are marked at the desk; calibrate it on the "
        "real model (see [the desk](#the-editors-desk))",
    )
    login_attempts_per_15min: int = setting(
        5, "wrong passwords per name and address in 15 minutes (ten times as many per address)"
    )
    cookie_secure: bool = setting(
        False, "Secure cookies on plain HTTP behind a TLS proxy (HTTPS requests always get them)"
    )
    articles_per_page: int = setting(20, "articles per list page of the site and the archive")
    page_cache_mb: int = setting(
        64, "public page cache per web worker, in MB (least recently used pages go first)"
    )
    trusted_proxies: str = setting(
        "",
        "comma-separated addresses of reverse proxies whose `X-Forwarded-For` is believed; "
        "without it the peer address is the client",
        shown="(none)",
    )

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
