from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "benefits",
        "body",
        "testimonial",
        "testimonial_by",
        "professional_view",
        "professional_by",
    )
    # A page in one language only would silently fall back to English elsewhere: ask for the
    # title and summary in every language, the rest may follow.
    required_languages = dict.fromkeys(settings.SITE_LANGUAGES, ("title", "summary"))
