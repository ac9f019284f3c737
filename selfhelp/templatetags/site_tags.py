from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in every site language, keeping the query string (filters)."""
    request = context.get("request")
    if request is None:
        return []
    query = request.META.get("QUERY_STRING", "")
    try:
        resolve(request.path_info)
        found = True
    except Resolver404:  # a 404 page: offer each language's home page instead
        found = False
    alternates = []
    for code, _name in settings.LANGUAGES:
        if found:
            url = translate_url(request.path, code)
        else:
            with translation.override(code):
                url = reverse("home")
        if query and found:
            url = f"{url}?{query}"
        info = get_language_info(code)
        alternates.append(
            {
                "code": code,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "name_local": info["name_local"],
            }
        )
    return alternates
