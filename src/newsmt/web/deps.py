"""What the routers take from a request (the database session, numbers from the address),
in a module of its own so the routers and the app that includes them do not import each
other.

Numbers in a path, a query or a form go through one strict parser: ASCII digits only,
within a bounded range. Python's ``int()`` and ``str.isdigit()`` accept "²", "٣" and other
Unicode digits, pydantic accepts "+5", " 5 ", "1_0" and "5.0", and an integer of
thousands of digits overflows the database or Python's own conversion limit: each of
those was a 500 (or another URL for the same cached page). Everything else is a 422
here, or a 404 where a route looks the number up by hand (`parse_number`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar

from annotated_types import Ge, Le
from fastapi import Depends, HTTPException, Path, Query, Request
from pydantic import BeforeValidator
from sqlalchemy.orm import Session

MAX_ID = 2_147_483_647  # the database's integer columns (PostgreSQL `integer`)
MAX_PAGE = 10_000  # a page number; 10,000 pages of 50 is beyond any archive here
MAX_DIGITS = 19  # 2**63 - 1 has 19: nothing longer is ever a number we use
E = TypeVar("E", bound=StrEnum)
NO_NUL = r"^[^\x00]*$"  # a text parameter's pattern, for the API's schema (`refuse_nul`)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def get_db(request: Request) -> Iterator[Session]:
    """Use with ``Depends(get_db, scope="function")``: the commit then happens before the
    answer is sent. With FastAPI's default ("request") it happened after, so a browser
    that followed the login's redirect could arrive before its session was committed
    (the flaky login navigation in the browser test)."""
    with request.app.state.db.session() as session:
        yield session


DB = Annotated[Session, Depends(get_db, scope="function")]  # commit before the answer


def parse_number(text: str | None, high: int = MAX_ID, low: int = 1) -> int | None:
    """`text` as a number if it is one: ASCII digits only (no sign, space, underscore or
    Unicode digit), between `low` and `high`; None otherwise, for the caller to answer
    404 or to ignore."""
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if low <= number <= high else None


def _ascii_digits(value: object) -> object:
    """Before pydantic's own (lenient) integer parsing: a string must be ASCII digits."""
    if isinstance(value, str):
        if not value or len(value) > MAX_DIGITS or not (value.isascii() and value.isdigit()):
            raise ValueError("Nur Ziffern 0-9.")
        return int(value)
    return value


AsciiDigits = BeforeValidator(_ascii_digits)
# The number types of every route, bounds and parsing declared once. The bounds come
# before the parser (Ge, Le rather than Query(ge=...)): pydantic then checks them on the
# integer itself and the OpenAPI schema says minimum and maximum, as schemathesis reads.
Id = Annotated[int, Ge(1), Le(MAX_ID), AsciiDigits]  # in a list of form values
ArticleId = Annotated[int, Ge(1), Le(MAX_ID), AsciiDigits, Path()]
RevisionId = Annotated[int, Ge(1), Le(MAX_ID), AsciiDigits, Path()]
SourceId = Annotated[int, Ge(1), Le(MAX_ID), AsciiDigits, Path()]
PageNumber = Annotated[int, Ge(1), Le(MAX_PAGE), AsciiDigits, Query()]  # ?page= (the API)
Seite = Annotated[int, Ge(1), Le(MAX_PAGE), AsciiDigits, Query(alias="seite")]  # the site's
OptionalId = Annotated[int | None, Ge(1), Le(MAX_ID), AsciiDigits, Query()]


def parse_day(value: str | None) -> date | None:
    """A day as JJJJ-MM-TT in ASCII digits, or None for nothing given; anything else is
    a 422 (``date.fromisoformat`` alone also takes "20240101" and week dates)."""
    if not value:
        return None
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise HTTPException(422, f"Kein Datum: {value[:40]!r} (JJJJ-MM-TT).")


def member(kind: type[E], value: str) -> E:
    """A filter value from the address as the enum a column holds (a status, a review
    state); a 422 for any other (the column would refuse it with a 500)."""
    try:
        return kind(value)
    except ValueError:
        raise HTTPException(422, f"Unbekannter Wert: {value[:40]!r}.") from None


def refuse_nul(request: Request) -> None:
    """No address or query of ours holds a NUL character, and PostgreSQL refuses one in
    any text it is given (a lookup by such a name was a 500): a 422 for every route,
    before it reads its parameters. Forms are left to the routes (an editor's text is
    cleaned of control characters) and to the 422 for what the database refuses
    (errors.py)."""
    if "\x00" in request.scope["path"] or any(
        "\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()
    ):
        raise HTTPException(422, "Die Anfrage enthält ein Nullzeichen.")
