from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from programs.sitemaps import SITEMAPS

from . import views

# Staff sign in through allauth like everyone else, so the admin gets the same rate limits,
# email verification and (later) re-authentication. The default site's view is replaced on the
# instance on purpose, which mypy refuses for a method unless told.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("MentorConnect administration")
admin.site.site_title = _("MentorConnect admin")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "how-it-works/",
        TemplateView.as_view(template_name="pages/how_it_works.html"),
        name="how_it_works",
    ),
    path(
        "best-practices/",
        TemplateView.as_view(template_name="pages/best_practices.html"),
        name="best_practices",
    ),
    path("faq/", TemplateView.as_view(template_name="pages/faq.html"), name="faq"),
    path(
        "running-a-cohort/",
        TemplateView.as_view(template_name="pages/running_a_cohort.html"),
        name="running_a_cohort",
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("language/", views.choose_language, name="choose_language"),
    path("invite/", views.invite_colleague, name="invite_colleague"),
    path("insights/", views.insights_page, name="insights"),
    path("insights/recruit/", views.recruit_mentors, name="recruit_mentors"),
    path("insights/<slug:slug>.csv", views.insights_csv, name="insights_csv"),
    path("profile/privacy/", views.privacy, name="privacy"),
    path("profile/privacy/my-data.json", views.export_data, name="export_data"),
    path("profile/privacy/delete/", views.delete_account, name="delete_account"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/workers", views.healthz_workers, name="healthz_workers"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("profiles.urls")),
    path("programs/", include("programs.urls")),
    path("cohorts/", include("programs.cohorts.urls")),
    path("mentorships/reminders/", include("mentorconnect.outbox.urls")),
    path("mentorships/", include("mentorships.urls")),
    path("circles/", include("mentorships.circles.urls")),
    path("mentorships/", include("feedback.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
