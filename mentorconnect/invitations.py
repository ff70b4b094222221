"""Invite a colleague: one email from a member to someone they know, kept nowhere.

The address is used to send the email and then forgotten: it is not saved in the database, not
queued (the email is sent during the request, so no task message carries it) and not logged.
A member may send a few a day, so the form cannot be used to send bulk mail.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from profiles.models import Profile, User

from . import emails

INVITATIONS_PER_DAY = 5


logger = logging.getLogger(__name__)


class InvitationLimitReached(Exception):
    pass


def _counter_key(sender: User) -> str:
    return f"colleague-invitations:{sender.pk}:{timezone.now():%Y-%m-%d}"


def invitations_left_today(sender: User) -> int:
    return max(INVITATIONS_PER_DAY - (cache.get(_counter_key(sender)) or 0), 0)


def _count_one_more(sender: User) -> int:
    """Today's invitations by `sender`, this one included. The limit fails closed: while the
    counter cannot be read (Redis down), nobody sends any."""
    key = _counter_key(sender)
    try:
        cache.add(key, 0, timeout=60 * 60 * 24)
        return cache.incr(key)
    except (redis.RedisError, ValueError) as error:
        logger.warning("Invitation counter unavailable: %s", error)
        raise InvitationLimitReached(
            _("We cannot send invitations just now. Please try again in a few minutes.")
        ) from error


def invite_colleague(*, sender: User, to: str, note: str) -> None:
    if _count_one_more(sender) > INVITATIONS_PER_DAY:
        raise InvitationLimitReached(
            ngettext(
                "You have sent %(count)s invitation today, the most we allow in a day, so that "
                "nobody can use MentorConnect to send bulk email. Try again tomorrow.",
                "You have sent %(count)s invitations today, the most we allow in a day, so that "
                "nobody can use MentorConnect to send bulk email. Try again tomorrow.",
                INVITATIONS_PER_DAY,
            )
            % {"count": INVITATIONS_PER_DAY}
        )
    # Someone who has an account needs no invitation. The sender is told the same as for anyone
    # else, so that the form never says who is a member.
    if User.objects.filter(email__iexact=to).exists():
        return
    profile = Profile.objects.filter(user=sender).only("display_name").first()
    emails.send(
        "colleague_invitation",
        to=[to],
        context={
            # Lazy: worded in the email's language, which emails.send switches to.
            "sender_name": (profile.display_name if profile else "") or gettext_lazy("A colleague"),
            "note": note,
            "signup_url": settings.SITE_URL + reverse("account_signup"),
            "about_url": settings.SITE_URL + reverse("how_it_works"),
        },
    )
