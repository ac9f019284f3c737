"""Create the "about" page with its first texts in fr, de, it and en."""

from django.db import migrations

from selfhelp.content import ABOUT_PAGE

SOURCE_LANGUAGE = "en"  # MODELTRANSLATION_DEFAULT_LANGUAGE: the untranslated column holds it


def create_about_page(apps, schema_editor):
    Page = apps.get_model("selfhelp", "Page")
    if Page.objects.filter(slug="about").exists():
        return
    values = dict(ABOUT_PAGE[SOURCE_LANGUAGE])
    for language, texts in ABOUT_PAGE.items():
        values |= {f"{field}_{language}": text for field, text in texts.items()}
    Page.objects.create(slug="about", **values)


def delete_about_page(apps, schema_editor):
    apps.get_model("selfhelp", "Page").objects.filter(slug="about").delete()


class Migration(migrations.Migration):
    dependencies = [("selfhelp", "0001_initial")]

    operations = [migrations.RunPython(create_about_page, delete_about_page)]
