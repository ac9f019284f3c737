"""Factories for the directory's models. Personas live in conftest.py."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from groups.models import (
    Audience,
    Canton,
    Centre,
    ContactMessage,
    Format,
    Frequency,
    Group,
    JoinRequest,
    LedBy,
    MembershipStatus,
    Publication,
    Theme,
    Weekday,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CantonFactory(DjangoModelFactory):
    class Meta:
        model = Canton
        django_get_or_create = ("code",)

    code = "VD"
    name_en = factory.LazyAttribute(lambda o: f"Canton {o.code}")
    name_fr = factory.LazyAttribute(lambda o: f"Canton {o.code}")
    name_de = factory.LazyAttribute(lambda o: f"Kanton {o.code}")
    name_it = factory.LazyAttribute(lambda o: f"Cantone {o.code}")


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    parent = None
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    name_de = factory.Sequence(lambda n: f"Kategorie {n}")
    name_it = factory.Sequence(lambda n: f"Categoria {n}")


class ThemeFactory(CategoryFactory):
    slug = factory.Sequence(lambda n: f"theme-{n}")
    parent = factory.SubFactory(CategoryFactory)
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_it = factory.Sequence(lambda n: f"Tema {n}")


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"centre-{n}")
    name_en = factory.Sequence(lambda n: f"Self-help centre {n}")
    name_fr = factory.Sequence(lambda n: f"Centre d'entraide {n}")
    name_de = factory.Sequence(lambda n: f"Selbsthilfezentrum {n}")
    name_it = factory.Sequence(lambda n: f"Centro di auto-aiuto {n}")
    email = factory.Sequence(lambda n: f"centre{n}@example.org")
    languages = ["fr"]


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Groupe de parole {n}")
    slug = factory.Sequence(lambda n: f"groupe-de-parole-{n}")
    description = "Un groupe pour partager son vécu et s'entraider."
    languages = ["fr"]
    audience = Audience.AFFECTED
    led_by = LedBy.PEERS
    format = Format.IN_PERSON
    canton = factory.SubFactory(CantonFactory)
    postcode = "1003"
    locality = "Lausanne"
    frequency = Frequency.MONTHLY
    weekday = Weekday.TUESDAY
    week_of_month = "2"
    start_time = datetime.time(19, 0)
    end_time = datetime.time(21, 0)
    status = MembershipStatus.OPEN
    publication = Publication.PUBLISHED
    last_confirmed = factory.LazyFunction(datetime.date.today)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.themes.set(extracted if extracted is not None else [ThemeFactory()])


class JoinRequestFactory(DjangoModelFactory):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(GroupFactory)
    member = factory.SubFactory(UserFactory)
    message = "Bonjour, j'aimerais venir à la prochaine rencontre."
    consent = True


class ContactMessageFactory(DjangoModelFactory):
    class Meta:
        model = ContactMessage
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    sender_name = "Alex"
    sender_email = "alex@example.org"
    text = "Bonjour, est-ce que le groupe est ouvert aux nouvelles personnes ?"
    language = "fr"

    @factory.post_generation
    def relayed_to(obj, create, extracted, **kwargs):
        """As the contact service does: relayed to the group's facilitators of the moment."""
        if not create:
            return
        if extracted is None:
            extracted = [user for user in obj.group.facilitators.all() if user.is_active]
        obj.relayed_to.set(extracted)
