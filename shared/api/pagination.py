"""Cursor pagination: signed, opaque cursors naming the last item seen; bounded limits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from urllib.parse import urlencode

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import BaseModel, Field, create_model
from sqlalchemy import Select, and_, or_

from shared.api.fields import Strict, text
from shared.api.problems import ApiProblem

DEFAULT_LIMIT, MAX_LIMIT = 25, 100


class ListQuery(Strict):
    """Query parameters of every list."""

    model_config = {"extra": "forbid", "strict": False}
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: text(500, required=False) | None = Field(
        None, description="The `next` link's cursor from the previous page")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="api-cursor")


def encode(at: datetime, item_uuid: uuid.UUID) -> str:
    """A cursor after the item (AT, ITEM_UUID) of the list being read."""
    return _serializer().dumps([request.endpoint, at.isoformat(), str(item_uuid)])


def decode(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    """The position a cursor names, or 422 if it was not made by this list."""
    if not cursor:
        return None
    try:
        endpoint, at, item = _serializer().loads(cursor)
        if endpoint != request.endpoint:
            raise ValueError
        return datetime.fromisoformat(at), uuid.UUID(item)
    except (BadSignature, ValueError, TypeError):
        raise ApiProblem(422, "This cursor is not valid here. Start again from the first page.",
                         [{"field": "cursor", "message": "Not a cursor from this list"}]) \
            from None


def after(query: Select, at_column, uuid_column, position) -> Select:
    """QUERY, newest first, from just after POSITION."""
    query = query.order_by(at_column.desc(), uuid_column.desc())
    if position is None:
        return query
    at, item = position
    return query.where(or_(at_column < at, and_(at_column == at, uuid_column < item)))


def page(rows: Sequence, limit: int, key) -> tuple[list, str | None]:
    """The first LIMIT of ROWS (fetched LIMIT+1) and the next link, if there is more."""
    items = list(rows[:limit])
    if len(rows) <= limit:
        return items, None
    at, item = key(items[-1])
    args = {k: v for k, v in request.args.items() if k != "cursor"}
    args.update(cursor=encode(at, item), limit=str(limit))
    return items, f"{request.path}?{urlencode(args)}"


@cache
def page_model(item: type[BaseModel]) -> type[BaseModel]:
    """The list envelope for ITEM: {items, next}."""
    return create_model(f"{item.__name__}Page", __doc__=f"A page of {item.__name__} items",
                        items=(list[item], ...),
                        next=(str | None, Field(description="The next page, or null")))


def in_memory(items: list, key, position) -> list:
    """ITEMS newest first from just after POSITION, for short per-user lists."""
    ordered = sorted(items, key=lambda i: (key(i)[0], str(key(i)[1])), reverse=True)
    if position is None:
        return ordered
    at, item = position
    return [i for i in ordered if (key(i)[0], str(key(i)[1])) < (at, str(item))]
