from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# The admin's date drill-down (date_hierarchy) reads these as numbers and builds a date from
# them without catching an overflow: ?requested_at__year=2147483648 would be a server error, and
# so would the year 9999, whose end (the first day after it) is past the last date Python has.
DATE_PART = re.compile(r"__(year|month|day)$")
SMALL_NUMBER = re.compile(r"\d{1,4}")
# The largest year (or month, or day) taken: the last year whose end Python can still build.
LARGEST_DATE_PART = 9998
# The admin's search makes one condition per word, over every search field: 70,000 words
# pasted into it kept PostgreSQL busy for minutes. Nobody searches a list with more than this.
ADMIN_SEARCH_MAX_LENGTH = 200


class RejectImpossibleAddressMiddleware:
    """Answers 400 to an address nobody can make by using the site.

    A NUL character: nobody can type one into a page, and PostgreSQL refuses it in any text it
    is given, so a page that passes a parameter to a query unchecked (the admin's list filters,
    say) would fail with a server error. Forms sent in a request's body check for it themselves
    and say so next to the field. A year, month or day in the admin's date drill-down that is
    not a small number: Django would fail building the date. An admin search longer than
    anyone types (ADMIN_SEARCH_MAX_LENGTH).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("A NUL character in the address.")
            if DATE_PART.search(key) and not all(
                SMALL_NUMBER.fullmatch(value) and int(value) <= LARGEST_DATE_PART
                for value in values
            ):
                raise BadRequest("An impossible date in the address.")
        if request.path.startswith("/admin/") and any(
            len(value) > ADMIN_SEARCH_MAX_LENGTH for value in request.GET.getlist("q")
        ):
            raise BadRequest(f"Search for at most {ADMIN_SEARCH_MAX_LENGTH} characters.")
        return self.get_response(request)


class MemberLanguageMiddleware:
    """Speaks to a signed-in member in the language kept on their account.

    LocaleMiddleware, before this, chose from the language cookie or the browser; a member who
    picked a language from the header menu gets it on every device they sign in on, and their
    emails are written in it too (mentorconnect.emails).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = getattr(request.user, "language", "")
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
