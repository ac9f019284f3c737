"""sitemap.xml and robots.txt.

The sitemap is an index of sections: the site's own pages here, the directory's in
groups/sitemaps.py, each on the base of selfhelp/sitemaps.py (every language, addresses from
SITE_URL).
"""

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from groups import sitemaps

from .sitemaps import SiteSitemap


class StaticSitemap(SiteSitemap):
    """The site's own pages and the directory's index pages (the groups app names those)."""

    changefreq = "weekly"

    def items(self):
        return ["home", *sitemaps.INDEX_PAGES, "about"]

    def location(self, item):
        return reverse(item)


# The sections of sitemap.xml: the site's pages, then the directory's.
SITEMAPS = {"pages": StaticSitemap, **sitemaps.SITEMAPS}


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
