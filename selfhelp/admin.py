from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["slug", "title_fr", "title_de", "title_it", "title_en"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "summary", "benefits", "body", "updated_at"]}),
        (
            _("Voices (also on the home page)"),
            {"fields": ["testimonial", "testimonial_by", "professional_view", "professional_by"]},
        ),
    ]

    def view_on_site(self, page):
        # Straight to the page (None hides the button for pages without an address yet).
        return page.get_absolute_url()

    def get_readonly_fields(self, request, obj=None):
        # The site finds its pages by slug: renaming one would make it vanish from the site.
        if obj is not None:
            return [*self.readonly_fields, "slug"]
        return self.readonly_fields


# The admin speaks to curators in their language, under the site's name.
admin.site.site_header = _("Selfhelp administration")
admin.site.site_title = _("Selfhelp administration")
admin.site.index_title = _("Curation")
