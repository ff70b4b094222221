from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from mentorconnect import emails

from .kinds import reminder_kinds
from .unsubscribe import read_unsubscribe_token


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Each kind of reminder email, on or off."""
    user = request.user
    # login_required let only members through. Saying so here tells the type checker that this
    # is the user model, which the outbox does not import (it sits below the apps).
    assert user.is_authenticated
    if request.method == "POST":
        wanted = set(request.POST.getlist("on"))
        user.reminders_off = [name for name in reminder_kinds.names() if name not in wanted]
        user.save(update_fields=["reminders_off"])
        messages.success(request, _("Your reminder choices are saved."))
        return redirect("outbox:preferences")
    off = user.reminders_off
    kinds = [
        (kind.name, kind.label, kind.name not in off, kind.waits_for_daytime)
        for kind in reminder_kinds
    ]
    return render(request, "outbox/preferences.html", {"kinds": kinds})


@csrf_exempt  # the signed token is the credential; mail clients post here (RFC 8058)
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from one kind of reminder, without signing in."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "outbox/unsubscribe.html", {"invalid": True}, status=400)
    user_pk, kind = found
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(pk=user_pk).first()
    if user is None or kind not in reminder_kinds:
        return render(request, "outbox/unsubscribe.html", {"invalid": True}, status=400)
    # The link comes from an email written in the recipient's language, and is often opened in
    # a browser that is not signed in: the page answers in that language too.
    language = emails.language_for(user)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    # A notification (a circle place offered, a round's result) is not a reminder: the page
    # names it as the email's own footer does.
    context = {
        "label": reminder_kinds.label(kind),
        "notification": reminder_kinds[kind].notification,
    }
    if request.method == "POST":
        User.objects.filter(pk=user.pk).update(
            reminders_off=sorted(set(user.reminders_off) | {kind})
        )
        return render(request, "outbox/unsubscribe.html", {**context, "done": True})
    return render(request, "outbox/unsubscribe.html", {**context, "token": token})
