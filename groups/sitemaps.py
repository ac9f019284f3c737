"""The directory's sections of sitemap.xml: themes, cantons, centres and published groups.

The sitemap itself (alternates in every language, addresses from SITE_URL) is selfhelp.seo's.
"""

from django.urls import reverse

from selfhelp.sitemaps import SiteSitemap

from .models import Canton, Centre, Group, Theme

# The directory's index pages, listed with the site's own pages.
INDEX_PAGES = ["groups:list", "groups:theme_index", "groups:canton_index", "groups:centre_index"]


class ThemeSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Theme.objects.only("slug").order_by("slug")

    def location(self, item):
        return reverse("groups:theme_detail", args=[item.slug])


class CantonSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Canton.objects.only("code").order_by("code")

    def location(self, item):
        return reverse("groups:canton_detail", args=[item.code.lower()])


class CentreSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Centre.objects.only("slug").order_by("slug")

    def location(self, item):
        return reverse("groups:centre_detail", args=[item.slug])


class GroupSitemap(SiteSitemap):
    """Listed groups only, paginated by the framework's limit (50,000 addresses, each
    language counting once: 12,500 groups a page). Beyond one page, the sections must be served
    through django.contrib.sitemaps.views.index, since the single sitemap view answers 404 for
    a page number that one of its sections does not have."""

    changefreq = "weekly"

    def items(self):
        return Group.objects.listed().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "themes": ThemeSitemap,
    "cantons": CantonSitemap,
    "centres": CentreSitemap,
    "groups": GroupSitemap,
}
