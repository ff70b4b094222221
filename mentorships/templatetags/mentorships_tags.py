"""Small filters for the mentorship pages and the dashboard: initials for avatars, times that
read naturally, a mentorship's history in sentences, and links in what members wrote made
clickable."""

from __future__ import annotations

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentorships.models import Event, EventKind, Mentorship
from profiles.avatars import initials
from profiles.models import User

register = template.Library()


# The initials in an avatar (profiles/avatars.py).
register.filter("initials", initials)


@register.filter
def when(moment: datetime.datetime | None) -> str:
    """When something happened, as people say it: "just now", "12 minutes ago", "today",
    "yesterday", "3 days ago", then the date ("on 4 May"). Never "0 minutes ago"."""
    if moment is None:
        return ""
    now = timezone.localtime()
    local = timezone.localtime(moment)
    seconds = (now - local).total_seconds()
    if seconds < 60:
        return gettext("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(count)s minute ago", "%(count)s minutes ago", minutes) % {
            "count": minutes
        }
    days = (now.date() - local.date()).days
    if days <= 0:
        return gettext("today")
    if days == 1:
        return gettext("yesterday")
    if days < 7:
        return ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": days}
    # The same date formats as elsewhere on the pages ("4 May", "4 May 2025"), in each language.
    day = date_filter(local, gettext("j F") if local.year == now.year else gettext("j F Y"))
    return gettext("on %(day)s") % {"day": day}


# A mentorship's history, one sentence per event: what the reader did, what the other person
# (or a member since gone) did. Whole sentences, since the verb agrees with its subject.
DONE_BY_YOU = {
    EventKind.REQUESTED: _("You requested a mentorship"),
    EventKind.ACCEPTED: _("You accepted the request"),
    EventKind.DECLINED: _("You declined the request"),
    EventKind.WITHDRAWN: _("You withdrew the request"),
    EventKind.AGREEMENT_CONFIRMED: _("You confirmed the agreement"),
    EventKind.AGREEMENT_REVISED: _("You revised the agreement"),
    EventKind.MEETING_PROPOSED: _("You proposed a meeting"),
    EventKind.MEETING_CONFIRMED: _("You confirmed a meeting"),
    EventKind.MEETING_CANCELLED: _("You cancelled a meeting"),
    EventKind.MEETING_HELD: _("You marked a meeting as held"),
    EventKind.MEETING_MISSED: _("You marked a meeting as missed"),
    EventKind.FEEDBACK_SENT: _("You sent feedback"),
    EventKind.COMPLETED: _("You completed the mentorship"),
    EventKind.ENDED_EARLY: _("You ended the mentorship early"),
}
DONE_BY_OTHER = {
    EventKind.REQUESTED: _("%(name)s requested a mentorship"),
    EventKind.ACCEPTED: _("%(name)s accepted the request"),
    EventKind.DECLINED: _("%(name)s declined the request"),
    EventKind.WITHDRAWN: _("%(name)s withdrew the request"),
    EventKind.AGREEMENT_CONFIRMED: _("%(name)s confirmed the agreement"),
    EventKind.AGREEMENT_REVISED: _("%(name)s revised the agreement"),
    EventKind.MEETING_PROPOSED: _("%(name)s proposed a meeting"),
    EventKind.MEETING_CONFIRMED: _("%(name)s confirmed a meeting"),
    EventKind.MEETING_CANCELLED: _("%(name)s cancelled a meeting"),
    EventKind.MEETING_HELD: _("%(name)s marked a meeting as held"),
    EventKind.MEETING_MISSED: _("%(name)s marked a meeting as missed"),
    EventKind.FEEDBACK_SENT: _("%(name)s sent feedback"),
    EventKind.COMPLETED: _("%(name)s completed the mentorship"),
    EventKind.ENDED_EARLY: _("%(name)s ended the mentorship early"),
}
# What a member's leaving MentorConnect closed for them (Event.actor_left): told as their
# leaving, not as something they chose to do.
LEFT_YOU = {
    EventKind.WITHDRAWN: _("You left MentorConnect, so the request was withdrawn"),
    EventKind.DECLINED: _("You left MentorConnect, so the request was closed"),
    EventKind.ENDED_EARLY: _("You left MentorConnect, so the mentorship ended"),
}
LEFT_OTHER = {
    EventKind.WITHDRAWN: _("%(name)s left MentorConnect, so the request was withdrawn"),
    EventKind.DECLINED: _("%(name)s left MentorConnect, so the request was closed"),
    EventKind.ENDED_EARLY: _("%(name)s left MentorConnect, so the mentorship ended"),
}


@register.simple_tag
def event_sentence(event: Event, viewer: object, other_name: str | None) -> str:
    """One line of a mentorship's history for `viewer`, e.g. "You accepted the request",
    "Mia proposed a meeting", "A former member sent feedback", "Mia left MentorConnect, so the
    mentorship ended". Events with no actor (an expiry, a program's match) read as their kind
    alone."""
    kind = EventKind(event.kind)
    if kind not in DONE_BY_OTHER:
        return str(kind.label)
    yours, theirs = (
        (LEFT_YOU, LEFT_OTHER)
        if event.actor_left and kind in LEFT_OTHER
        else (DONE_BY_YOU, DONE_BY_OTHER)
    )
    if event.actor_id is None:
        # Translators: the subject of a history line whose member has deleted their account.
        name = gettext("A former member")
    elif event.actor_id == getattr(viewer, "pk", None):
        return str(yours[kind])
    else:
        # Translators: the subject of a history line when the other person has no name shown.
        name = other_name or gettext("They")
    return theirs[kind] % {"name": name}


@register.filter
def status_for(mentorship: Mentorship, viewer: User) -> str:
    """A mentorship's state as one of its two people reads it (Mentorship.status_for)."""
    return mentorship.status_for(viewer)


@register.filter(is_safe=True, needs_autoescape=True)
def linkify(text: str, autoescape: bool = True) -> SafeString:
    """Web addresses in a member's text as links, the rest escaped; the links tell the browser
    not to give the other site a handle on this page and search engines not to follow them."""
    linked = urlize(str(text or ""), nofollow=True, autoescape=autoescape)
    # urlize escapes every character of the text, so the only rel="nofollow" left is its own.
    return mark_safe(linked.replace('rel="nofollow"', 'rel="noopener nofollow"'))  # noqa: S308
