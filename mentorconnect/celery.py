from __future__ import annotations

import os

from celery import Celery

from . import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorconnect.settings")

app = Celery("mentorconnect")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks log with the id of the request that queued them, through Django's logging.
logs.connect_to_celery()
