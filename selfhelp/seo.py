"""sitemap.xml and robots.txt."""

from django.http import HttpResponse


def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow:\n", content_type="text/plain")


SITEMAPS = {}
