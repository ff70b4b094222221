"""The application `make bench` serves with gunicorn: the project's own, plus the bare view of
mentorconnect/bench_urls.py whose timing is the floor every page is compared with."""

from __future__ import annotations

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorconnect.settings")
django.setup(set_prefix=False)
settings.ROOT_URLCONF = "mentorconnect.bench_urls"
application = get_wsgi_application()
