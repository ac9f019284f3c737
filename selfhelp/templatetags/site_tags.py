from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
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


BREADCRUMB_ROOTS = ("home", "groups")


class BreadcrumbsNode(template.Node):
    def __init__(self, root, group, crumbs, current):
        self.root, self.group, self.crumbs, self.current = root, group, crumbs, current

    def render(self, context):
        group = self.group.resolve(context) if self.group else None
        trail = context.template.engine.get_template("includes/breadcrumbs.html")
        values = {
            "root": self.root,
            "group": group,
            "crumbs": mark_safe(self.crumbs.render(context).strip()),
            "current": mark_safe(self.current.render(context).strip()) if self.current else "",
        }
        return trail.render(context.new(values))


@register.tag
def breadcrumbs(parser, token):
    """The trail above a page's heading, written once in includes/breadcrumbs.html:

        {% breadcrumbs "home" %}        Home › …
        {% breadcrumbs "groups" %}      Find a group › …
        {% breadcrumbs group=group %}   Find a group › the group › …
          <li><a href="…">a crumb between</a></li>
        {% current %}
          this page, marked aria-current
        {% endbreadcrumbs %}

    Without a root the trail is the body alone; `{% current %}` is optional.
    """
    bits = token.split_contents()[1:]
    root = bits.pop(0).strip("\"'") if bits and "=" not in bits[0] else None
    kwargs = template.base.token_kwargs(bits, parser, support_legacy=False)
    group = kwargs.pop("group", None)
    if bits or kwargs or root not in (None, *BREADCRUMB_ROOTS) or (group and root == "home"):
        raise template.TemplateSyntaxError('breadcrumbs takes a root ("home", "groups") or group=')
    crumbs = parser.parse(("current", "endbreadcrumbs"))
    current = None
    if parser.next_token().contents == "current":
        current = parser.parse(("endbreadcrumbs",))
        parser.delete_first_token()
    return BreadcrumbsNode(root or ("groups" if group else None), group, crumbs, current)
