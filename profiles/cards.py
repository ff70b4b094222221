"""The mentors of Find a mentor's results as their cards show them.

Each card's strings (its link, availability badge, area badges, distance, meeting formats, the
reason it is suggested and the viewer's mentorship with the mentor) are made here once per
mentor in plain Python: through template includes, `{% blocktranslate %}` and `{% url %}` in
the loop they were most of a search's time. A member's page of cards is then drawn by Jinja
(member_cards); a visitor's by Django's templates. The words are the templates' own msgids, so
every translation stays.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from mentorconnect.dates import date_format

from . import matching, taxonomy_names
from .avatars import initials
from .models import MeetingFormat, Profile

# Classes of the availability badge.
_BADGE = {
    "accepting": "text-bg-success",
    "full": "text-bg-secondary",
    "paused": "text-bg-warning",
}


@dataclass(frozen=True)
class MentorResult:
    mentor: Profile
    url: str
    availability: str  # "accepting", "full" or "paused" (Profile.availability)
    availability_badge: SafeString
    area_badges: SafeString
    distance: str  # from the place distances are measured from, in the member's unit
    meets_by: str
    reason: str  # why they are suggested to the viewer; "" for visitors
    initials: str  # for the avatar
    # The viewer's mentorship that rules the mentor out, if any: in a few words ("Your
    # mentor", ...), and the way to it when it is under way or asked.
    mentorship_badge: str
    mentorship_link: SafeString


def availability_badge(mentor: Profile) -> SafeString:
    """Whether a mentor takes requests now (and how many places are free), as a badge."""
    availability = mentor.availability
    if availability == "accepting":
        places = mentor.free_places
        text = ngettext(
            "Accepting · %(places)s place free", "Accepting · %(places)s places free", places
        ) % {"places": places}
    elif availability == "full":
        text = gettext("Full")
    else:
        text = gettext("Paused")
    return mark_safe(  # noqa: S308 (the text is escaped)
        f'<span class="badge {_BADGE[availability]} align-self-start">{html.escape(text)}</span>'
    )


def area_badges(mentor: Profile) -> SafeString:
    """A mentor's areas of expertise as badges, a hidden comma between two for screen readers
    (`area_names`: ProfileQuerySet.with_area_names)."""
    translated = taxonomy_names.translator()
    return mark_safe(  # noqa: S308 (every name is escaped)
        '<span class="visually-hidden">, </span>'.join(
            '<span class="badge text-bg-light border fw-normal text-wrap text-start">'
            f"{html.escape(translated(name))}</span>"
            for name in mentor.area_names  # type: ignore[attr-defined]
        )
    )


def search_results(
    mentors: Iterable[Profile],
    *,
    viewer: Profile | None,
    wanted_names: Iterable[str],
    ruling_out: dict[int | None, Any],
    unit: str,
) -> list[MentorResult]:
    """The cards of `mentors`: with the reason each suits `viewer` (when there is one) and the
    viewer's mentorship with them that `ruling_out` names."""
    wanted = list(wanted_names)
    wanted_set = set(wanted)
    # The formats' names in the reader's language, looked up once for the page.
    format_names = {value: str(label) for value, label in MeetingFormat.choices}
    # Every profile's address differs only by its number: reverse() once, not once a card.
    url_before_pk = reverse("profiles:detail", args=[0]).removesuffix("0/")
    results = []
    for mentor in mentors:
        distance_km = getattr(mentor, "distance_km", None)
        mentorship = ruling_out.get(mentor.user_id)
        formats = ", ".join(format_names[value] for value in mentor.meeting_formats).lower()
        shared = [name for name in mentor.area_names if name in wanted_set]  # type: ignore[attr-defined]
        results.append(
            MentorResult(
                mentor=mentor,
                url=f"{url_before_pk}{mentor.pk}/",
                availability=mentor.availability,
                availability_badge=availability_badge(mentor),
                area_badges=area_badges(mentor),
                distance="" if distance_km is None else matching.distance_text(distance_km, unit),
                meets_by=gettext("meets by %(formats)s") % {"formats": formats} if formats else "",
                reason=str(matching.reason_for(mentor, viewer, wanted, shared_names=shared))
                if viewer
                else "",
                initials=initials(mentor.display_name),
                mentorship_badge=mentorship_badge(mentorship),
                mentorship_link=mentorship_link(mentorship),
            )
        )
    return results


def mentorship_badge(mentorship: Any) -> str:
    """The viewer's mentorship with a mentor (one that rules them out), in a few words."""
    if mentorship is None:
        return ""
    if mentorship.is_active:
        return gettext("Your mentor")
    if mentorship.is_pending:
        return gettext("Your request is waiting")
    day = date_format(timezone.localtime(mentorship.answered_at), gettext("j F Y"))
    return gettext("Declined your request on %(date)s") % {"date": day}


def mentorship_link(mentorship: Any) -> SafeString:
    """The way to the viewer's mentorship with a mentor, or to their request waiting."""
    if mentorship is None or not (mentorship.is_active or mentorship.is_pending):
        return SafeString()
    url = mentorship.get_absolute_url()
    if mentorship.is_active:
        return format_html('<a href="{}">{}</a>', url, gettext("Go to your mentorship"))
    day = date_format(timezone.localtime(mentorship.requested_at), gettext("j F"))
    return mark_safe(  # noqa: S308 (both values are escaped)
        gettext('You asked on %(date)s: <a href="%(request_url)s">see your request</a>')
        % {"date": escape(day), "request_url": escape(url)}
    )


def member_cards(results: list[MentorResult]) -> SafeString:
    """A page of results as a signed-in member sees them, drawn by Jinja
    (templates/jinja2/profiles/_mentor_cards.html)."""
    words = {
        "remote": gettext("open to remote"),
        "expertise": gettext("Expertise:"),
        "why": gettext("Why:"),
    }
    template = get_template("profiles/_mentor_cards.html", using="jinja2")
    return mark_safe(template.render({"results": results, "words": words}))  # noqa: S308 (Jinja escapes)
