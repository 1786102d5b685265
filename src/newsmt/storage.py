"""Files every machine can reach: screenshots, thumbnails and the static export.

One interface, two kinds, chosen by NEWSMT_STORAGE_URL: the home folder by default (keys
are paths under it: `screenshots/12.png`, `site/index.html`), or any S3-compatible object
store with `s3://bucket/prefix` (endpoint and credentials from the usual AWS variables:
AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION). A worker
writes a screenshot on its own disk first (Chromium needs a file), then puts it here.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

PRESIGNED_SECONDS = 300


class Storage(Protocol):
    def put_file(self, key: str, path: Path) -> None: ...
    def put_bytes(self, key: str, data: bytes) -> None: ...
    def get_bytes(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...
    def local_path(self, key: str) -> Path | None:
        """The file itself when the storage is a folder; None for an object store."""
        ...

    def url(self, key: str) -> str | None:
        """A short-lived address a browser can be redirected to (object stores only)."""
        ...


def _content_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"storage key {key!r} leaves the folder")
        return path

    def put_file(self, key: str, path: Path) -> None:
        target = self._path(key)
        if target != path.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)

    def put_bytes(self, key: str, data: bytes) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = target.with_name(f".tmp-{os.getpid()}-{target.name}")
        scratch.write_bytes(data)
        scratch.replace(target)

    def get_bytes(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def url(self, key: str) -> str | None:
        return None


class S3Storage:
    def __init__(self, bucket: str, prefix: str = "", client: Any = None) -> None:
        import boto3

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = client or boto3.client("s3")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put_file(self, key: str, path: Path) -> None:
        self.put_bytes(key, path.read_bytes())

    def put_bytes(self, key: str, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=_content_type(key)
        )

    def get_bytes(self, key: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except self.client.exceptions.NoSuchKey:
            return None
        return bytes(answer["Body"].read())

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def local_path(self, key: str) -> Path | None:
        return None

    def url(self, key: str) -> str | None:
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": self._key(key)},
                ExpiresIn=PRESIGNED_SECONDS,
            )
        )


def open_storage(storage_url: str | None, home: Path) -> Storage:
    """The one registry of storage kinds: none (the home folder), file://, s3://."""
    if not storage_url:
        return LocalStorage(home)
    parts = urlsplit(storage_url)
    if parts.scheme == "file":
        return LocalStorage(Path(parts.path))
    if parts.scheme == "s3" and parts.netloc:
        return S3Storage(parts.netloc, parts.path)
    raise ValueError(
        f"NEWSMT_STORAGE_URL must be s3://bucket/prefix or file:///path, not {storage_url!r}"
    )
