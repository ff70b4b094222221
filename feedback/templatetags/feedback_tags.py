"""The feedback flag on the mentorship page: feedback sits above mentorships, so the page asks
here rather than the mentorship view importing feedback."""

from __future__ import annotations

from django import template

from mentorships.models import Mentorship
from profiles.models import User

from ..models import Feedback

register = template.Library()


@register.simple_tag
def new_feedback_count(mentorship: Mentorship, user: User) -> int:
    """How many feedback entries in this mentorship `user` received and has not opened yet."""
    return Feedback.objects.filter(mentorship=mentorship).unseen_by(user).count()
