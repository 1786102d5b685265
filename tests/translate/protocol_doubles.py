"""Protocol doubles for the paid or GPU-hungry translation APIs, served on loopback.

Each double implements the documented wire protocol of its provider (paths, JSON shapes,
auth headers, status codes) and "translates" word by word with a small glossary, so the
tests can see exactly what went over the wire. They are doubles: no model runs here.

- OpenAI-compatible: POST /v1/chat/completions (vLLM, llama.cpp server, Ollama, OpenAI)
- DeepL API v2: POST /v2/translate, GET/POST /v2/glossaries (JSON bodies, as the official
  `deepl` client sends them), auth header "DeepL-Auth-Key …", 456 = quota exceeded
- LibreTranslate: POST /translate with `q` as a string or list
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = {
    "президент": "Präsident",
    "заявил": "erklärte",
    "заявив": "erklärte",
    "сообщил": "teilte",
    "об": "über",
    "этом": "dies",
    "в": "in",
    "у": "in",
    "городе": "Stadt",
    "місті": "Stadt",
    "сайте": "Website",
    "сайті": "Website",
    "обмен": "Austausch",
    "обмін": "Austausch",
    "пленными": "Gefangenen",
    "продолжится": "wird fortgesetzt",
    "триватиме": "wird fortgesetzt",
    "почта": "E-Mail",
    "пишите": "schreiben Sie",
    "на": "an",
    "млрд": "Mrd.",
    "долларов": "Dollar",
    "Зеленский": "Selenski",
    "Зеленський": "Selenskyj",
}


def word_by_word(text: str, glossary: dict[str, str] | None = None) -> str:
    table = {**WORDS, **(glossary or {})}

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return table.get(word, table.get(word.lower(), word))

    return re.sub(r"[^\W\d_]+", swap, text)


@dataclass
class Double:
    """A loopback server; `failures` holds (status, body, headers) answers to give first."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    failures: deque[tuple[int, str, dict[str, str]]] = field(default_factory=deque)
    delay: float = 0.0
    api_key: str | None = None
    glossaries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def start(self) -> Double:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
                data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
                raw = data.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                double.requests.append(
                    {
                        "method": method,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "json": body,
                    }
                )
                if double.delay:
                    import time

                    time.sleep(double.delay)
                if double.failures:
                    status, text, headers = double.failures.popleft()
                    return self._answer(status, text, headers)
                status, answer = double.respond(method, self.path, dict(self.headers), body)
                self._answer(status, answer)

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

            def do_GET(self) -> None:  # noqa: N802
                self._handle("GET")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def respond(self, method: str, path: str, headers: dict[str, str], body: Any):  # type: ignore[no-untyped-def]
        raise NotImplementedError


class OpenAIChatDouble(Double):
    def respond(self, method, path, headers, body):  # type: ignore[no-untyped-def]
        if path != "/v1/chat/completions" or method != "POST":
            return 404, {"error": {"message": "not found"}}
        if self.api_key and headers.get("Authorization") != f"Bearer {self.api_key}":
            return 401, {"error": {"message": "invalid api key"}}
        system = body["messages"][0]["content"]
        terms = dict(re.findall(r"^- (.+?) → (.+)$", system, flags=re.M))
        text = word_by_word(body["messages"][-1]["content"], terms)
        return 200, {
            "id": "chatcmpl-double",
            "object": "chat.completion",
            "model": body.get("model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }


class DeepLDouble(Double):
    def respond(self, method, path, headers, body):  # type: ignore[no-untyped-def]
        if self.api_key and headers.get("Authorization") != f"DeepL-Auth-Key {self.api_key}":
            return 403, {"message": "Wrong endpoint or invalid authentication key"}
        if path == "/v2/glossaries" and method == "GET":
            return 200, {"glossaries": [self._info(g) for g in self.glossaries.values()]}
        if path == "/v2/glossaries" and method == "POST":
            gid = f"glossary-{len(self.glossaries) + 1}"
            entries = dict(
                line.split("\t", 1) for line in body["entries"].splitlines() if "\t" in line
            )
            self.glossaries[gid] = {
                "glossary_id": gid,
                "name": body["name"],
                "source_lang": body["source_lang"].lower(),
                "target_lang": body["target_lang"].lower(),
                "entries": entries,
            }
            return 201, self._info(self.glossaries[gid])
        if path == "/v2/translate" and method == "POST":
            glossary = self.glossaries.get(body.get("glossary_id", ""), {}).get("entries")
            return 200, {
                "translations": [
                    {
                        "detected_source_language": body.get("source_lang", "RU"),
                        "text": word_by_word(text, glossary),
                        "billed_characters": len(text),
                    }
                    for text in body["text"]
                ]
            }
        return 404, {"message": "not found"}

    @staticmethod
    def _info(g: dict[str, Any]) -> dict[str, Any]:
        return {
            "glossary_id": g["glossary_id"],
            "name": g["name"],
            "ready": True,
            "source_lang": g["source_lang"],
            "target_lang": g["target_lang"],
            "creation_time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "entry_count": len(g["entries"]),
        }


class LibreTranslateDouble(Double):
    def respond(self, method, path, headers, body):  # type: ignore[no-untyped-def]
        if path != "/translate" or method != "POST":
            return 404, {"error": "Not Found"}
        if self.api_key and body.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}
        q = body["q"]
        if isinstance(q, list):
            return 200, {"translatedText": [word_by_word(t) for t in q]}
        return 200, {"translatedText": word_by_word(q)}
