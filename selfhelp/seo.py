"""sitemap.xml and robots.txt.

Every page exists in fr, de, it and en under its own translated path, so each sitemap entry
names its alternates (hreflang) and an x-default. Addresses are built from settings.SITE_URL,
the site's public address, never from the Host header a crawler happened to send.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from groups.models import Canton, Centre, Group, Theme


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            _point_x_default_at_default_language(url["alternates"])
        return urls


def _point_x_default_at_default_language(alternates):
    """Django makes x-default the default language's address without its prefix.

    That works for the home page ("/" redirects by the browser's language) but not for
    translated paths: "/groupes/…" is French only, and a German browser landing there would get
    a 404. Anywhere else, x-default is the default language's own page.
    """
    default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
    if default is None or urlsplit(default["location"]).path == f"/{settings.LANGUAGE_CODE}/":
        return
    for alternate in alternates:
        if alternate["lang_code"] == "x-default":
            alternate["location"] = default["location"]


class StaticSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "groups:list",
            "groups:theme_index",
            "groups:canton_index",
            "groups:centre_index",
            "about",
        ]

    def location(self, item):
        return reverse(item)


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
    """Published groups only, paginated by the framework's limit (50,000 addresses, each
    language counting once: 12,500 groups a page). Beyond one page, the sections must be served
    through django.contrib.sitemaps.views.index, since the single sitemap view answers 404 for
    a page number that one of its sections does not have."""

    changefreq = "weekly"

    def items(self):
        return Group.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "themes": ThemeSitemap,
    "cantons": CantonSitemap,
    "centres": CentreSitemap,
    "groups": GroupSitemap,
}


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /*/admin/"]
    lines += [f"Disallow: {prefix}" for prefix in _account_prefixes()]
    lines += ["Disallow: /i18n/", "", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _account_prefixes():
    """The account pages' path in each language ("/fr/compte/", "/de/konto/"…).

    Read from the URL configuration, so a renamed path is followed here: the first segment
    after the language prefix of the login page's address.
    """
    prefixes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            language, account, *_rest = reverse("account_login").strip("/").split("/")
        prefix = f"/{language}/{account}/"
        if prefix not in prefixes:
            prefixes.append(prefix)
    return prefixes


@x_robots_tag
def sitemap_index(request):
    """The sitemap index, addressed from SITE_URL (Django's own uses the request's host)."""
    items = []
    for section, sitemap in SITEMAPS.items():
        site = sitemap() if callable(sitemap) else sitemap
        location = settings.SITE_URL + reverse("sitemap_section", kwargs={"section": section})
        items.append(SitemapIndexItem(location))
        items += [
            SitemapIndexItem(f"{location}?p={page}")
            for page in range(2, site.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
