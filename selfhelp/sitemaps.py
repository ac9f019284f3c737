"""The base of every sitemap section: each page in every language, with its alternates
(hreflang) and an x-default, at addresses built from settings.SITE_URL, the site's public
address, never from the Host header a crawler happened to send."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


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
