"""Deleting an account leaves nothing of the person, in any table, while others' data stays.

The check walks every model Django knows (a model added later is covered without touching
this file): no row may point at the deleted user, and no text may hold their addresses or
their display name.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from post_office.models import Email, Log

from accounts.models import User
from groups import joining as join_services
from groups.contact import send_contact_message
from groups.models import Alert, ContactMessage, Group, JoinRequest, ProposedChange, Report
from tests.conftest import PASSWORD
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Mirabelle Quenotte"
PRIMARY = "mirabelle@example.org"
SECOND = "m.quenotte@example.net"
TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def url(name, language="fr"):
    with translation.override(language):
        return reverse(name)


# ---- The generic check -----------------------------------------------------------------------


def rows_pointing_at(user_id):
    """Every row, in every table, with a foreign key (or a generic relation) to this user."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f for f in model._meta.get_fields() if f.concrete]
        for field in fields:
            points_at_user = field.is_relation and field.related_model is User
            if points_at_user and model.objects.filter(**{field.attname: user_id}).exists():
                found.append(f"{model._meta.label}.{field.name}")
        names = {f.name for f in fields}
        if {"content_type", "object_id"} <= names:
            content_type = ContentType.objects.get_for_model(User)
            if model.objects.filter(content_type=content_type, object_id=str(user_id)).exists():
                found.append(f"{model._meta.label} (generic relation)")
    return found


def rows_naming(words):
    """Every row, in every table, whose text (or JSON) contains one of these words."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not (field.concrete and isinstance(field, TEXT_FIELDS)):
                continue
            for word in words:
                if model.objects.filter(**{f"{field.attname}__icontains": word}).exists():
                    found.append(f"{model._meta.label}.{field.name} contains {word!r}")
    return found


def sessions_of(user_id):
    """Session data is signed and encoded: a text search cannot see into it, so decode."""
    return [
        s.pk
        for s in Session.objects.all()
        if str(s.get_decoded().get(SESSION_KEY)) == str(user_id)
        or any(word in str(s.get_decoded()) for word in (PRIMARY, SECOND))
    ]


def assert_nothing_left(user_id):
    assert rows_pointing_at(user_id) == []
    assert rows_naming([PRIMARY, SECOND, NAME]) == []
    assert sessions_of(user_id) == []


# ---- A person with a bit of everything -------------------------------------------------------


@pytest.fixture
def person(db):
    user = UserFactory(email=PRIMARY, display_name=NAME, preferred_language="fr")
    EmailAddress.objects.create(user=user, email=PRIMARY, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=SECOND, verified=True, primary=False)
    return user


@pytest.fixture
def others(db, facilitator, group):
    """Another member and their request, a visitor's message: none of it may go."""
    other = UserFactory(email="other.member@example.org", display_name="Olaf")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    request = join_services.ask_to_join(group, other, "Bonjour, c'est Olaf.", consent=True)
    message = send_contact_message(
        group, name="Vera", email="vera@example.org", text="Une question de Vera.", language="fr"
    )
    return {"member": other, "request": request, "message": message}


@pytest.fixture
def persons_data(person, facilitator, group, admin_user):
    # Join requests: one answered (a Reply-To email), one pending; the facilitators were told.
    answered = join_services.ask_to_join(group, person, "Je m'appelle Mirabelle.", consent=True)
    join_services.decide(answered, facilitator, accept=True, reply="Bienvenue Mirabelle !")
    second = GroupFactory()
    second.facilitators.add(facilitator)
    join_services.ask_to_join(second, person, "Encore moi.", consent=True)
    # A message sent without being logged in, from their second (verified) address.
    send_contact_message(
        group, name="Mira", email=SECOND.upper(), text="Question anonyme.", language="fr"
    )
    # A report of outdated information, leaving their second address for questions, and a
    # new group they proposed.
    Report.objects.create(group=group, reason="other", text="Arrêté ?", email=SECOND)
    proposed = GroupFactory(name="Groupe proposé", publication="pending")
    ProposedChange.objects.create(group=proposed, proposed_by=person, is_new_group=True)
    # An alert on a theme.
    Alert.objects.create(user=person, theme=group.themes.first())
    # A group they facilitate, whose relay address is their own mailbox.
    led = GroupFactory(name="Cercle des jardiniers", contact_email=PRIMARY)
    led.facilitators.add(person)
    # A second signed-in browser (a phone) next to the one that deletes.
    phone = Client()
    phone.post(url("account_login"), {"login": PRIMARY, "password": PASSWORD})
    assert SESSION_KEY in phone.session
    # Two-factor authentication, an email with a delivery log, the admin's history.
    TOTP.activate(person, generate_totp_secret())
    email = Email.objects.filter(to__icontains=PRIMARY).first()
    Log.objects.create(email=email, status=1, message=f"550 unknown user {PRIMARY}")
    LogEntry.objects.create(
        user=admin_user,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="[]",
    )
    return {"led_group": led}


def delete(client, password=PASSWORD):
    return client.post(url("accounts:delete_account"), {"password": password})


# ---- Tests -----------------------------------------------------------------------------------


def test_the_check_finds_the_persons_data_before_deletion(person, persons_data):
    # Guards the generic check itself: it must see what is there.
    assert "account.EmailAddress.user" in rows_pointing_at(person.pk)
    assert "mfa.Authenticator.user" in rows_pointing_at(person.pk)
    assert "groups.JoinRequest.member" in rows_pointing_at(person.pk)
    assert "groups.Group_facilitators.user" in rows_pointing_at(person.pk)
    assert "admin.LogEntry (generic relation)" in rows_pointing_at(person.pk)
    named = " ".join(rows_naming([PRIMARY, SECOND, NAME]))
    for where in ("post_office.Email.to", "post_office.Email.headers", "post_office.Log.message"):
        assert where in named
    assert "groups.ContactMessage.sender_email" in named
    assert "groups.Group.contact_email" in named
    assert sessions_of(person.pk)


def test_deletion_leaves_nothing_of_the_person(client, person, persons_data, others):
    client.force_login(person)
    user_id = person.pk
    response = delete(client)

    assert response.status_code == 200
    assert "accounts/deleted.html" in [t.name for t in response.templates]
    assert SESSION_KEY not in client.session
    assert_nothing_left(user_id)


def test_deletion_keeps_everyone_elses_data_and_the_groups(
    client, person, persons_data, others, group, facilitator
):
    client.force_login(person)
    delete(client)

    assert Group.objects.filter(pk=persons_data["led_group"].pk).exists()
    assert Group.objects.filter(pk=group.pk).exists()
    assert list(group.facilitators.all()) == [facilitator]
    assert JoinRequest.objects.filter(pk=others["request"].pk).exists()
    assert ContactMessage.objects.filter(pk=others["message"].pk).exists()
    assert User.objects.filter(pk=others["member"].pk).exists()
    # The emails about the others' request and message are still there to be sent.
    assert others["request"].emails.count() == 1
    assert others["message"].emails.count() == 1  # the relay (a stranger gets no copy)
    assert EmailAddress.objects.filter(user=others["member"]).exists()


def test_the_page_says_what_goes_and_asks_for_the_password(client, person, persons_data):
    client.force_login(person)
    page = client.get(url("accounts:delete_account"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Cercle des jardiniers" in content
    assert 'type="password"' in content
    assert 'autocomplete="current-password"' in content


def test_a_wrong_password_refuses_and_deletes_nothing(client, person, persons_data):
    client.force_login(person)
    emails_before = Email.objects.count()
    response = delete(client, password="not-my-password")

    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert 'aria-describedby="id_password_error"' in content
    assert User.objects.filter(pk=person.pk).exists()
    assert JoinRequest.objects.filter(member=person).count() == 2
    assert Authenticator.objects.filter(user=person).exists()
    assert Email.objects.count() == emails_before
    assert SESSION_KEY in client.session


def test_an_empty_password_refuses(client, person):
    client.force_login(person)
    response = delete(client, password="")
    assert response.status_code == 400
    assert User.objects.filter(pk=person.pk).exists()


def test_guessing_the_password_is_rate_limited(client, person, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reauthenticate": "2/m/user"}
    client.force_login(person)
    delete(client, password="guess-1")
    delete(client, password="guess-2")
    response = delete(client)  # the right one, too late
    assert response.status_code == 400
    assert User.objects.filter(pk=person.pk).exists()


def test_deletion_needs_an_account_and_a_post(client, person):
    response = client.post(url("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(pk=person.pk).exists()
    client.force_login(person)
    client.get(url("accounts:delete_account"))
    assert User.objects.filter(pk=person.pk).exists()


def test_an_address_only_claimed_takes_nobody_elses_messages_along(client, person, group):
    """Typing a stranger's address as a new (unverified) email, then deleting the account,
    must not delete the stranger's messages or the emails that relay them."""
    stranger = "stranger@example.org"
    message = send_contact_message(
        group, name="Stella", email=stranger, text="Ma question à moi.", language="fr"
    )
    EmailAddress.objects.create(user=person, email=stranger, verified=False, primary=False)
    verification = mail_to(stranger)
    client.force_login(person)
    delete(client)

    assert ContactMessage.objects.filter(pk=message.pk).exists()
    assert message.emails.count() == 1  # the relay, Reply-To the stranger (who gets no copy)
    assert not Email.objects.filter(pk=verification.pk).exists()  # ours, about the account


def mail_to(address):
    from post_office import mail

    return mail.send(
        recipients=[address], sender="noreply@example.org", subject="Confirm", message="Link"
    )
