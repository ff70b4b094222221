"""The mentors of Find a mentor's results as their cards show them.

Each card's strings (its link, availability badge, area badges, distance, meeting formats and
the reason it is suggested) are made here once per mentor in plain Python: through template
includes, `{% blocktranslate %}` and `{% url %}` in the loop they were most of a search's time.
The words are the templates' own msgids, so every translation stays.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from . import matching
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
    mentorship: Any  # the viewer's mentorship that rules them out, if any


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
    (`expertise` prefetched)."""
    return mark_safe(  # noqa: S308 (every name is escaped)
        '<span class="visually-hidden">, </span>'.join(
            '<span class="badge text-bg-light border fw-normal text-wrap text-start">'
            f"{html.escape(str(area))}</span>"
            for area in mentor.expertise.all()
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
    # The formats' names in the reader's language, looked up once for the page.
    format_names = {value: str(label) for value, label in MeetingFormat.choices}
    # Every profile's address differs only by its number: reverse() once, not once a card.
    url_before_pk = reverse("profiles:detail", args=[0]).removesuffix("0/")
    results = []
    for mentor in mentors:
        distance_km = getattr(mentor, "distance_km", None)
        formats = ", ".join(format_names[value] for value in mentor.meeting_formats).lower()
        results.append(
            MentorResult(
                mentor=mentor,
                url=f"{url_before_pk}{mentor.pk}/",
                availability=mentor.availability,
                availability_badge=availability_badge(mentor),
                area_badges=area_badges(mentor),
                distance="" if distance_km is None else matching.distance_text(distance_km, unit),
                meets_by=gettext("meets by %(formats)s") % {"formats": formats} if formats else "",
                reason=str(matching.reason_for(mentor, viewer, wanted)) if viewer else "",
                mentorship=ruling_out.get(mentor.user_id),
            )
        )
    return results
