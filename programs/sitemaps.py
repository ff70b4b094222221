"""sitemap.xml: the public pages search engines should find, the program directory among them.

The site's own pages (home, how it works...) are listed here too, so that one sitemap covers
everything public; move PageSitemap next to those pages if they grow a sitemap of their own.
"""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Program, ProgramQuerySet


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["home", "how_it_works", "best_practices", "faq", "programs:directory"]

    def location(self, item: str) -> str:
        return reverse(item)

    def priority(self, item: str) -> float:
        return 1.0 if item == "home" else 0.7


class ProgramSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> ProgramQuerySet:
        return Program.objects.public().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: Program) -> datetime.datetime:
        return item.updated_at


SITEMAPS = {"pages": PageSitemap, "programs": ProgramSitemap}
