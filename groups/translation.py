from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import Canton, Centre, Theme


@register(Canton)
class CantonTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = settings.SITE_LANGUAGES


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description", "synonyms")
    required_languages = dict.fromkeys(settings.SITE_LANGUAGES, ("name",))


@register(Centre)
class CentreTranslation(TranslationOptions):
    fields = ("name", "description")
