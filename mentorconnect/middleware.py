from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RejectNulInAddressMiddleware:
    """Answers 400 to an address whose query string holds a NUL character.

    Nobody can type one into a page, and PostgreSQL refuses it in any text it is given, so a
    page that passes a parameter to a query unchecked (the admin's list filters, say) would
    fail with a server error. Forms sent in a request's body check for it themselves and say so
    next to the field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in "".join(f"{key}{''.join(values)}" for key, values in request.GET.lists()):
            raise BadRequest("A NUL character in the address.")
        return self.get_response(request)
