from __future__ import annotations

from django.urls import path
from django.views.generic import TemplateView

app_name = "programs"

urlpatterns = [
    # The program directory arrives with the programs work; until then the page says so.
    path("", TemplateView.as_view(template_name="programs/directory.html"), name="directory"),
]
