"""What the routers take from a request (the database session), in a module of its own so
the routers and the app that includes them do not import each other."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session


def get_db(request: Request) -> Iterator[Session]:
    """Use with ``Depends(get_db, scope="function")``: the commit then happens before the
    answer is sent. With FastAPI's default ("request") it happened after, so a browser
    that followed the login's redirect could arrive before its session was committed
    (the flaky login navigation in the browser test)."""
    with request.app.state.db.session() as session:
        yield session


DB = Annotated[Session, Depends(get_db, scope="function")]  # commit before the answer
