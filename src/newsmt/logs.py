"""Structured logging: every record is one JSON line that names the article and stage."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

_CONTEXT_KEYS = ("article_id", "source", "stage", "url", "error", "attempt", "engine")


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key in _CONTEXT_KEYS:
            if hasattr(record, key):
                payload[key] = getattr(record, key)
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure_logging(logs_dir: Path, verbose: bool = False) -> None:
    """Send JSON lines to ``logs_dir/newsmt.jsonl``; warnings also go to stderr."""
    root = logging.getLogger("newsmt")
    if getattr(root, "_newsmt_configured", None) == str(logs_dir):
        return
    for handler in list(root.handlers):
        root.removeHandler(handler)
    logs_dir.mkdir(parents=True, exist_ok=True)
    file_handler = logging.FileHandler(logs_dir / "newsmt.jsonl", encoding="utf-8")
    file_handler.setFormatter(JsonLineFormatter())
    stderr_handler = logging.StreamHandler()
    stderr_handler.setFormatter(JsonLineFormatter())
    stderr_handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.addHandler(file_handler)
    root.addHandler(stderr_handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False
    root._newsmt_configured = str(logs_dir)  # type: ignore[attr-defined]
