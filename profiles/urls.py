from __future__ import annotations

from django.urls import path
from django.views.generic import TemplateView

app_name = "profiles"

urlpatterns = [
    # The mentor directory arrives with the profiles work; until then the page says so.
    path(
        "mentors/",
        TemplateView.as_view(template_name="profiles/find_mentor.html"),
        name="find_mentor",
    ),
]
