"""Structured logs: each line carries the id of the request it belongs to, and no personal data.

Every line of a request (and of the Celery tasks it queues) carries one request id, which is also
sent back in the `X-Request-ID` response header, so a member's report of a failure can be matched
to its lines. Production writes one JSON object a line; development a readable line.

What people entrust to MentorConnect stays out of the logs: email addresses are masked in every
line, and the secrets some links carry in their path (email confirmation, password reset,
one-click unsubscribe) are masked wherever a path is written, Django's own "Not Found: <path>"
included. Feedback text is never logged by the code; the formatters write only chosen fields of
a record, never the arguments a library attaches to it (Celery attaches a task's arguments).
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from celery import signals
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("mentorconnect.requests")

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
REQUEST_ID_HEADER = "X-Request-ID"
# A proxy in front may choose the id (so its own log lines match ours); anything else is replaced.
_ACCEPTABLE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

# Paths whose next segment is a secret: whoever holds the link can use it.
SECRET_PATH_PREFIXES = (
    "/accounts/confirm-email/",
    "/accounts/password/reset/key/",
    "/mentorships/reminders/unsubscribe/",
)
_SECRET_IN_PATH = re.compile(
    "(" + "|".join(re.escape(prefix) for prefix in SECRET_PATH_PREFIXES) + r")[^/\s\"'?#]+"
)
_EMAIL = re.compile(r"[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# Query strings may carry anything a form sent by GET; only Django's development server logs them.
_QUERY_STRING = re.compile(r"\?[^\s\"']+")

# Fields that our own log calls attach with `extra=` and that are safe to write.
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "user_id")


def redact(text: str) -> str:
    """Masks email addresses, secrets in link paths and query strings in a line of log text."""
    text = _SECRET_IN_PATH.sub(r"\1[secret]", text)
    text = _QUERY_STRING.sub("?[query]", text)
    return _EMAIL.sub("[email]", text)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record that passes the handler.

    Django logs a failed request ("Not Found: ...") after the middleware has returned, so the id
    is also read from the request that Django attaches to those records.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = REQUEST_ID.get() or getattr(request, "request_id", None)
        return True


class TextFormatter(logging.Formatter):
    """A readable line for the development run log, masked like the production one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = None
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with chosen fields only, masked."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for field in EXTRA_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, default=str))


class RequestIdMiddleware:
    """Gives each request an id for its log lines and its response, and logs one line for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _ACCEPTABLE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        # HttpRequest declares no request_id: this middleware adds it, and the log filter reads
        # it back with getattr.
        request.request_id = request_id  # type: ignore[attr-defined]
        token = REQUEST_ID.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)


# Celery: a task queued during a request carries the request's id in its message headers, and
# every line the task logs carries it too.
_TASK_HEADER = "mentorconnect_request_id"
_task_tokens: dict[str, contextvars.Token[str | None]] = {}


def _send_request_id_with_task(headers: dict[str, Any], **kwargs: Any) -> None:
    request_id = REQUEST_ID.get()
    if request_id:
        headers[_TASK_HEADER] = request_id


def _take_request_id_from_task(task_id: str, task: Any, **kwargs: Any) -> None:
    request_id = getattr(task.request, _TASK_HEADER, None)
    if request_id:
        _task_tokens[task_id] = REQUEST_ID.set(request_id)


def _forget_request_id_of_task(task_id: str, **kwargs: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        REQUEST_ID.reset(token)


def _keep_djangos_logging(**kwargs: Any) -> None:
    """Celery configures logging itself unless a receiver of `setup_logging` does. Django applies
    settings.LOGGING (with the masking formatters) in the worker too, and that is what stays;
    Celery then also leaves standard output alone, where development mail is printed."""


def connect_to_celery() -> None:
    signals.before_task_publish.connect(_send_request_id_with_task)
    signals.task_prerun.connect(_take_request_id_from_task)
    signals.task_postrun.connect(_forget_request_id_of_task)
    signals.setup_logging.connect(_keep_djangos_logging)
