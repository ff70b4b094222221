"""Django's Redis cache, that keeps the site up while Redis is down.

Nothing the cache holds is the only copy of anything: sessions are written through to
PostgreSQL, the home page's figures are worked out again, rate-limit counters start afresh. So
while Redis does not answer, a read is a miss and a write is skipped, each logged, instead of
a server error on every page. Rate limits therefore fail open for as long as Redis is down (see
README); the invitation counter, which must not, checks for itself (invitations.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

Method = TypeVar("Method", bound=Callable[..., Any])


def _skipped_while_down(missing: Callable[..., Any]) -> Callable[[Method], Method]:
    """Runs the cache operation; while Redis is down, logs it and answers `missing(...)` with
    the operation's own arguments."""

    def decorate(operation: Method) -> Method:
        @wraps(operation)
        def forgiving(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return operation(self, *args, **kwargs)
            except redis.RedisError as error:
                logger.warning("Redis cache unavailable, %s skipped: %s", operation.__name__, error)
                return missing(*args, **kwargs)

        return forgiving  # type: ignore[return-value]  # same signature as the operation

    return decorate


def _default(key: str, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _computed(key: str, default: Any, *args: Any, **kwargs: Any) -> Any:
    return default() if callable(default) else default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _true(*args: Any, **kwargs: Any) -> bool:
    return True


def _empty(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {}


def _no_keys(*args: Any, **kwargs: Any) -> list[str]:
    return []


class _OneClientPerServer(RedisCacheClient):
    """Django's client for redis-py, keeping one redis-py client per server instead of making
    one for every operation: making one builds its table of reply handlers, which took about
    as long as the session read itself. A redis-py client is safe to share between threads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        # Both are Django's own (RedisCacheClient.get_client uses them), untyped in django-stubs.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerServer

    get = _skipped_while_down(_default)(RedisCache.get)
    get_many = _skipped_while_down(_empty)(RedisCache.get_many)
    get_or_set = _skipped_while_down(_computed)(RedisCache.get_or_set)
    has_key = _skipped_while_down(_false)(RedisCache.has_key)
    set = _skipped_while_down(_nothing)(RedisCache.set)
    set_many = _skipped_while_down(_no_keys)(RedisCache.set_many)
    # As if added: allauth's rate limits take a lock with add() and would otherwise refuse
    # every sign-in after waiting for it.
    add = _skipped_while_down(_true)(RedisCache.add)
    touch = _skipped_while_down(_false)(RedisCache.touch)
    delete = _skipped_while_down(_false)(RedisCache.delete)
    delete_many = _skipped_while_down(_nothing)(RedisCache.delete_many)
    clear = _skipped_while_down(_false)(RedisCache.clear)
