"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's client makes a new `redis.Redis` for every cache operation, and redis-py fills a table
of some 170 response callbacks in each one: on a page served from the cache that was a fifth of
the time spent in Python. A `redis.Redis` is safe to share between threads (each command takes a
connection from the pool), so one per pool is kept instead. Everything else is Django's.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
