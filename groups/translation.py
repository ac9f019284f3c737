from modeltranslation.translator import TranslationOptions, register

from .models import Canton, Centre, Theme


@register(Canton)
class CantonTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr", "de", "it", "en")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description", "synonyms")
    required_languages = dict.fromkeys(("fr", "de", "it", "en"), ("name",))


@register(Centre)
class CentreTranslation(TranslationOptions):
    fields = ("name", "description")
