from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Program, program_today

FEED_LENGTH = 30


def _opened(program: Program, today: datetime.date) -> bool:
    """Whether the program's latest news is opening for applications rather than being added."""
    return bool(
        program.opens_on
        and program.opens_on <= today
        and program.opens_on >= timezone.localtime(program.created_at).date()
    )


class PlainTextSummaryAtomFeed(Atom1Feed):
    """Django's Atom feed marks every summary as HTML; a program's summary is plain text, so a
    reader must show "<" and "&" in it as they are, not as markup."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


class ProgramNewsFeed(Feed):
    """An Atom feed of programs newly added to the directory or newly open for applications."""

    feed_type = PlainTextSummaryAtomFeed
    title = _("Mentoring programs: new and opening · MentorConnect")
    subtitle = _(
        "Mentoring programs for library workers, as they join the directory "
        "or open for applications."
    )

    def link(self) -> str:
        return reverse("programs:directory")

    def items(self) -> list[Program]:
        self.today = program_today()
        return list(Program.objects.for_feed(self.today).select_related("unit")[:FEED_LENGTH])

    def item_title(self, item: Program) -> str:
        if _opened(item, self.today):
            return gettext("Open for applications: %(name)s") % {"name": item.name}
        return gettext("New program: %(name)s") % {"name": item.name}

    def item_description(self, item: Program) -> str:
        return item.summary

    def item_author_name(self, item: Program) -> str:
        return item.unit.name

    def item_guid(self, item: Program) -> str:
        # Opening is news of its own: a new entry, not an edit of the "new program" entry.
        # Atom ids must be absolute; the site's public address keeps them stable across hosts.
        news = f"opening-{item.opens_on}" if _opened(item, self.today) else "added"
        return f"{settings.SITE_URL}{reverse('programs:program', args=[item.slug])}#{news}"

    def item_guid_is_permalink(self, item: Program) -> bool:
        return False

    def item_pubdate(self, item: Program) -> datetime.datetime:
        if item.opens_on and _opened(item, self.today):
            midnight = datetime.datetime.combine(item.opens_on, datetime.time())
            return timezone.make_aware(midnight)
        return item.created_at

    def item_updateddate(self, item: Program) -> datetime.datetime:
        return self.item_pubdate(item)

    def item_categories(self, item: Program) -> list[str]:
        return item.audience_labels()
