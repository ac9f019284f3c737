from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page
from django.views.i18n import set_language

from . import seo, views

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    # An index of sections, each paginated by the framework: holds Germany's 100,000 groups too.
    path(
        "sitemap.xml",
        cache_page(3600)(seo.sitemap_index),
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemap),
        {"sitemaps": seo.SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("about-self-help-groups/"), views.about, name="about"),
    path("admin/", admin.site.urls),
    path(_("account/"), include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("groups.urls")),
)

if settings.BENCHMARK:
    # make bench compares every page with this trivial view served by the same processes.
    urlpatterns.append(path("bench/trivial", lambda request: HttpResponse("ok"), name="trivial"))

handler404 = "selfhelp.errors.page_not_found"
handler500 = "selfhelp.errors.server_error"
