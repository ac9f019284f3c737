"""Contact a group: a visitor writes, the message is stored, then relayed by email through the
queue to the people who run the group, with Reply-To set to the visitor. Only a signed-in
member gets a copy, at their verified address: the site mails no text to an unproved address."""

import socket
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import STATUS, Email

from groups import contact
from groups import mail as mail_roles
from groups.management.commands.run_mail_worker import send_due
from groups.models import ContactMessage, Publication
from tests.conftest import cache_entries
from tests.factories import CentreFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

SENDER = {"name": "Alex", "email": "alex@example.org", "message": "Bonjour, puis-je venir mardi ?"}
# The form page's queries: the group with its canton and centre, its themes, its facilitators.
FORM_QUERIES = 3


def url(name, group, language="fr"):
    with translation.override(language):
        return reverse(f"groups:{name}", kwargs={"slug": group.slug})


def aged_stamp(group, seconds=60):
    """The stamp of a form shown `seconds` ago: a person took that long to write."""
    return contact.form_token(group, issued_at=time.time() - seconds)


def post(client, group, language="fr", remote_addr="198.51.100.7", **overrides):
    data = {**SENDER, "website": "", "shown": aged_stamp(group), **overrides}
    return client.post(url("contact", group, language), data, REMOTE_ADDR=remote_addr)


@pytest.fixture(autouse=True)
def empty_rate_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def centre():
    return CentreFactory(
        slug="centre-vaud",
        name_en="Self-help centre Vaud",
        name_fr="Centre d'entraide Vaud",
        email="info@centre-vaud.example.org",
        languages=["fr", "de"],
    )


@pytest.fixture
def german_facilitator(facilitator):
    facilitator.preferred_language = "de"
    facilitator.save()
    return facilitator


@pytest.fixture
def listed(group, centre):
    group.centre = centre
    group.contact_email = "secret.contact@example.org"
    group.save()
    return group


def refused_without_a_trace(response, status=400):
    assert response.status_code == status
    assert ContactMessage.objects.count() == 0
    assert Email.objects.count() == 0
    return response.content.decode()


# ---- The form ------------------------------------------------------------------------------


def test_the_group_page_leads_to_the_form(client, listed):
    html = client.get(url("detail", listed)).content.decode()
    assert f'href="{url("contact", listed)}"' in html


def test_the_form_asks_little_and_says_what_happens_to_the_data(client, listed, settings):
    settings.RETENTION_DAYS = 90
    response = client.get(url("contact", listed, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="name"' in html and 'autocomplete="email"' in html
    assert 'maxlength="5000"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert "sent by email to the people who run the group" in html
    assert "answer you directly by email" in html
    assert "shown to no one else and used for nothing else" in html
    assert "deleted from Selfhelp after 90 days" in html
    assert 'name="robots" content="noindex' in html
    # A page that may hold what someone wrote about themselves is never kept in a cache.
    assert "no-store" in response["Cache-Control"]


def test_the_honeypot_is_out_of_sight_and_out_of_reach(client, listed):
    html = client.get(url("contact", listed, "en")).content.decode()
    trap = html[html.index('<div class="visually-hidden" aria-hidden="true">') :]
    trap = trap[: trap.index("</div>")]
    assert 'name="website"' in trap and 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert "Leave this field empty" in trap


def test_without_facilitator_or_contact_the_form_says_the_centre_receives_it(client, centre):
    group = GroupFactory(centre=centre)
    html = client.get(url("contact", group, "en")).content.decode()
    assert "Self-help centre Vaud, the regional self-help centre that supports the group" in html


def test_the_form_page_query_count_is_fixed(client, listed, django_assert_num_queries):
    listed.facilitators.add(*UserFactory.create_batch(3))
    with django_assert_num_queries(FORM_QUERIES):
        assert client.get(url("contact", listed)).status_code == 200


# ---- The whole way: stored, queued, delivered ---------------------------------------------


def test_a_message_is_stored_queued_then_relayed_with_reply_to(
    client, listed, german_facilitator, deliver_mail
):
    response = client.get(url("contact", listed))
    assert response.status_code == 200 and 'name="shown"' in response.content.decode()

    response = post(client, listed, language="fr")
    assert response.status_code == 303
    assert response["Location"] == url("contact_sent", listed)

    message = ContactMessage.objects.get()
    assert (message.group, message.sender_name, message.sender_email) == (
        listed,
        "Alex",
        "alex@example.org",
    )
    assert message.text == SENDER["message"] and message.language == "fr"
    # Stored and queued, nothing sent yet: the worker does that.
    queued = Email.objects.all()
    assert queued.count() == 1 and set(message.emails.all()) == set(queued)
    assert all(email.status == STATUS.queued for email in queued)
    assert mail.outbox == []

    outbox = deliver_mail()
    by_recipient = {tuple(m.to): m for m in outbox}
    # No copy to the typed address: anyone could have typed anyone's.
    assert set(by_recipient) == {("facilitator@example.org",)}

    relay = by_recipient[("facilitator@example.org",)]
    assert relay.extra_headers["Reply-To"] == '"Alex" <alex@example.org>'
    assert relay.message()["Reply-To"] == '"Alex" <alex@example.org>'
    assert relay.from_email == "Selfhelp <noreply@example.org>"
    assert SENDER["message"] in relay.body and "Alex" in relay.body
    html = relay.alternatives[0][0]
    assert '<html lang="de">' in html  # the facilitator's language, not the page's
    assert "/de/" in relay.body  # the group's page, in German
    # Subjects show on lock screens: no name, no group, no health word.
    assert "Alex" not in relay.subject and listed.name not in relay.subject

    assert all(email.status == STATUS.sent for email in Email.objects.all())

    sent_page = client.get(response["Location"])
    assert sent_page.status_code == 200
    html = client.get(url("contact_sent", listed, "en")).content.decode()
    assert "If the mail server is slow" in html
    assert "No copy was sent to you by email" in html


@pytest.fixture
def verified_member(member):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    return member


def test_a_signed_in_member_gets_a_copy_at_their_verified_address(
    client, listed, verified_member, deliver_mail
):
    client.force_login(verified_member)
    form = client.get(url("contact", listed, "en")).content.decode()
    assert 'value="member@example.org"' in form and 'value="Mia"' in form  # nothing to retype
    assert "You receive a copy of your message at your account’s address" in form
    # Whatever address is typed, the copy goes to the one the member proved is theirs.
    response = post(client, listed, language="de", email="someone.else@example.org")
    assert response.status_code == 303 and response["Location"].endswith("?copy=sent")
    outbox = deliver_mail()
    assert sorted(m.to[0] for m in outbox) == ["facilitator@example.org", "member@example.org"]
    copy = next(m for m in outbox if m.to == ["member@example.org"])
    assert '<html lang="de">' in copy.alternatives[0][0]  # the page's language
    assert "Reply-To" not in copy.extra_headers
    assert SENDER["message"] in copy.body
    assert "Mia" not in copy.subject and listed.name not in copy.subject
    sent = client.get(url("contact_sent", listed, "en") + "?copy=sent").content.decode()
    assert "You will receive a copy of your message at your account’s address" in sent


def test_a_stranger_gets_no_copy_and_is_told_so(client, listed, deliver_mail):
    """Defect found from outside: "send me a copy" mailed the typed text, from the site's own
    address, to whatever address was typed, unverified."""
    form = client.get(url("contact", listed, "en")).content.decode()
    assert "No copy is sent to you by email" in form
    response = post(client, listed, email="victim@example.org", message="Any text at all")
    assert response.status_code == 303 and "copy" not in response["Location"]
    assert [m.to for m in deliver_mail()] == [["facilitator@example.org"]]


def test_an_unverified_member_gets_no_copy(client, listed, member, deliver_mail):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    client.force_login(member)
    assert post(client, listed, email=member.email).status_code == 303
    assert [m.to for m in deliver_mail()] == [["facilitator@example.org"]]


def test_every_facilitator_receives_the_message(client, listed, deliver_mail):
    listed.facilitators.add(UserFactory(email="second@example.org", preferred_language="it"))
    listed.facilitators.add(UserFactory(email="gone@example.org", is_active=False))
    assert post(client, listed).status_code == 303
    recipients = sorted(m.to[0] for m in deliver_mail())
    assert recipients == ["facilitator@example.org", "second@example.org"]
    assert ContactMessage.objects.get().emails.count() == 2


def test_without_facilitator_the_groups_contact_address_receives_it(client, centre, deliver_mail):
    group = GroupFactory(contact_email="group@example.org", languages=["de"], centre=centre)
    assert post(client, group).status_code == 303
    relay = next(m for m in deliver_mail() if m.to == ["group@example.org"])
    assert relay.extra_headers["Reply-To"] == '"Alex" <alex@example.org>'
    assert '<html lang="de">' in relay.alternatives[0][0]  # the group's language
    assert "/de/" in relay.body


def test_without_facilitator_or_contact_the_centre_receives_it(client, centre, deliver_mail):
    group = GroupFactory(centre=centre, languages=["de"])
    assert post(client, group).status_code == 303
    relay = next(m for m in deliver_mail() if m.to == ["info@centre-vaud.example.org"])
    assert relay.extra_headers["Reply-To"] == '"Alex" <alex@example.org>'
    assert '<html lang="de">' in relay.alternatives[0][0]


def test_the_relay_says_why_its_recipient_receives_it(listed, facilitator):
    assert contact.relay_role(listed) == mail_roles.ROLE_FACILITATOR
    facilitator.is_active = False
    facilitator.save()
    assert contact.relay_role(listed) == mail_roles.ROLE_CONTACT
    listed.contact_email = ""
    assert contact.relay_role(listed) == mail_roles.ROLE_CENTRE


def test_names_are_quoted_in_reply_to_and_escaped_only_in_html(client, listed, deliver_mail):
    name = 'Zoë "Z" <b>&'
    assert post(client, listed, language="en", name=name).status_code == 303
    relay = next(m for m in deliver_mail() if m.to == ["facilitator@example.org"])
    assert relay.extra_headers["Reply-To"] == '"Zoë \\"Z\\" <b>&" <alex@example.org>'
    assert "alex@example.org" in relay.message()["Reply-To"]
    assert name in relay.body  # plain text is not HTML: no &lt; in it
    html = relay.alternatives[0][0]
    assert "<b>&" not in html and "&lt;b&gt;&amp;" in html


def test_the_message_and_its_emails_are_stored_together_or_not_at_all(client, listed, monkeypatch):
    def broken_queue(*args, **kwargs):
        raise RuntimeError("the queue is broken")

    monkeypatch.setattr("groups.contact.mail.queue", broken_queue)
    with pytest.raises(RuntimeError):
        post(client, listed)
    assert ContactMessage.objects.count() == 0 and Email.objects.count() == 0


# ---- Privacy -------------------------------------------------------------------------------


def test_no_private_address_is_ever_shown(client, listed, facilitator):
    pages = [
        client.get(url("detail", listed)),
        client.get(url("contact", listed)),
        post(client, listed, email="not-an-address"),
        post(client, listed, website="http://spam.example"),
        client.get(url("contact_sent", listed)),
    ]
    for response in pages:
        html = response.content.decode()
        assert facilitator.email not in html
        assert listed.contact_email not in html and "secret.contact" not in html


def test_the_ip_address_is_never_stored(client, listed):
    assert post(client, listed, remote_addr="203.0.113.77").status_code == 303
    rows = cache_entries()
    assert rows  # the counters exist ...
    assert not any("203.0.113.77" in key or "203.0.113.77" in value for key, value in rows)
    fields = {field.name for field in ContactMessage._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "remote_addr"}


# ---- Spam: honeypot, too fast, bad stamp, rate limits -------------------------------------


def test_a_filled_honeypot_is_refused_politely(client, listed):
    response = post(client, listed, language="en", website="http://spam.example")
    html = refused_without_a_trace(response)
    assert "a field meant to catch automatic spam was filled in" in html
    assert SENDER["message"] in html  # what was typed is kept ...
    assert "http://spam.example" not in html  # ... but not the trap's content


def test_a_form_sent_too_fast_is_refused_and_keeps_its_stamp(client, listed):
    stamp = contact.form_token(listed)  # shown just now
    response = post(client, listed, language="en", shown=stamp)
    html = refused_without_a_trace(response)
    assert "Please wait a few seconds" in html
    assert SENDER["message"] in html and 'value="Alex"' in html
    # The time already spent counts: the same stamp comes back.
    assert f'name="shown" value="{stamp}"' in html


def test_the_minimum_time_is_a_setting(client, listed, settings):
    settings.CONTACT_MIN_SECONDS = 0
    assert post(client, listed, shown=contact.form_token(listed)).status_code == 303


@pytest.mark.parametrize(
    "stamp",
    [
        pytest.param("", id="missing"),
        pytest.param("12:abc:forged", id="forged"),
        pytest.param("x" * 5000, id="huge"),
    ],
)
def test_a_missing_or_forged_stamp_is_refused(client, listed, stamp):
    html = refused_without_a_trace(post(client, listed, language="en", shown=stamp))
    assert "This form could not be checked" in html
    assert SENDER["message"] in html
    assert f'name="shown" value="{stamp}"' not in html  # a fresh stamp replaces it


def test_a_stamp_for_another_group_is_refused(client, listed):
    other = GroupFactory()
    response = post(client, listed, shown=aged_stamp(other))
    refused_without_a_trace(response)


def test_a_stamp_older_than_two_hours_is_refused(client, listed):
    response = post(client, listed, language="en", shown=aged_stamp(listed, 2 * 3600 + 60))
    html = refused_without_a_trace(response)
    assert "open for more than two hours" in html and SENDER["message"] in html


def test_too_many_messages_from_one_connection(client, listed, settings):
    settings.CONTACT_LIMIT_PER_IP = 3
    for n in range(3):
        assert (
            post(client, listed, message=f"Message {n}", remote_addr="198.51.100.1").status_code
            == 303
        )
    stored, queued = ContactMessage.objects.count(), Email.objects.count()

    response = post(client, listed, language="en", remote_addr="198.51.100.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    html = response.content.decode()
    assert "Too many messages were sent from your connection" in html
    assert "Self-help centre Vaud" in html  # where else to turn
    assert SENDER["message"] in html
    assert (ContactMessage.objects.count(), Email.objects.count()) == (stored, queued)
    # Another connection is not affected.
    assert post(client, listed, remote_addr="198.51.100.2").status_code == 303


def test_a_group_that_had_its_share_today_passes_messages_to_its_centre(
    client, listed, settings, deliver_mail
):
    """Defect found from outside: four connections sending five junk messages each shut a
    group's form for a day. The group's volunteers still get no more than their share; the
    next person's message goes to the regional centre, and they are told so."""
    settings.CONTACT_LIMIT_PER_GROUP = 2
    settings.CONTACT_LIMIT_PER_CENTRE = 1
    for n in range(2):
        assert (
            post(client, listed, message=f"Junk {n}", remote_addr=f"198.51.100.{n}").status_code
            == 303
        )
    deliver_mail().clear()

    response = post(client, listed, language="en", remote_addr="198.51.100.99")
    assert response.status_code == 303 and response["Location"].endswith("?via=centre")
    assert [m.to for m in deliver_mail()] == [["info@centre-vaud.example.org"]]
    message = ContactMessage.objects.get(text=SENDER["message"])
    assert not message.relayed_to.exists()  # the centre passes it on; the page does not show it
    html = client.get(response["Location"]).content.decode()
    assert "The group has received many messages today." in html
    assert "Self-help centre Vaud, the regional self-help centre" in html

    # The centre has a share too: beyond it, the visitor is told to come back tomorrow.
    response = post(client, listed, language="en", message="Later", remote_addr="198.51.100.98")
    assert response.status_code == 429
    assert "This group has received many messages today" in response.content.decode()
    assert ContactMessage.objects.count() == 3
    # Another group is not affected.
    other = GroupFactory()
    other.facilitators.add(UserFactory())
    assert post(client, other, remote_addr="198.51.100.99").status_code == 303


def test_a_group_without_a_centre_that_had_its_share_says_come_back_tomorrow(client, settings):
    settings.CONTACT_LIMIT_PER_GROUP = 1
    group = GroupFactory(centre=None)
    group.facilitators.add(UserFactory())
    assert post(client, group, message="First", remote_addr="198.51.100.1").status_code == 303
    response = post(client, group, language="en", remote_addr="198.51.100.2")
    assert response.status_code == 429 and response["Retry-After"] == str(24 * 3600)
    assert SENDER["message"] in response.content.decode()  # what was typed is kept


def test_the_same_text_twice_to_a_group_is_sent_once(client, listed):
    """A second click, or a robot's copies from many connections: one message a day."""
    assert post(client, listed, remote_addr="198.51.100.1").status_code == 303
    text = "  " + SENDER["message"].upper() + " "  # the same words, whatever the case and spaces
    response = post(client, listed, language="en", message=text, remote_addr="198.51.100.2")
    html = response.content.decode()
    assert response.status_code == 400
    assert "You already sent this message to this group today" in html
    assert ContactMessage.objects.count() == 1
    # Another text goes, and the same text to another group too.
    assert post(client, listed, message="Another question").status_code == 303
    other = GroupFactory()
    other.facilitators.add(UserFactory())
    assert post(client, other).status_code == 303


def test_a_form_sends_one_message(client, listed):
    """Defect found from outside: one GET's stamp served five accepted POSTs."""
    stamp = aged_stamp(listed)
    assert post(client, listed, shown=stamp).status_code == 303
    response = post(client, listed, language="en", shown=stamp, message="A second message")
    html = response.content.decode()
    assert response.status_code == 400
    assert "This form has already sent a message" in html
    assert "A second message" in html  # what was typed is kept ...
    assert f'name="shown" value="{stamp}"' not in html  # ... with a stamp of its own
    assert ContactMessage.objects.count() == 1


def test_every_form_shown_has_its_own_stamp(listed):
    assert contact.form_token(listed) != contact.form_token(listed)


def test_two_sends_of_one_form_at_the_same_moment_store_one_message(listed):
    """The unique stamp holds the line when both requests pass the form's check together."""
    stamp = aged_stamp(listed)
    send = {"name": "A", "email": "a@example.org", "language": "fr", "stamp": stamp}
    contact.send_contact_message(listed, text="first", **send)
    with pytest.raises(contact.StampUsed):
        contact.send_contact_message(listed, text="second", **send)
    assert ContactMessage.objects.count() == 1 and Email.objects.count() == 1


def test_the_default_limits():
    """With no variable set (as in the tests), the settings give these limits."""
    from selfhelp import settings as defaults

    limits = (
        defaults.CONTACT_LIMIT_PER_IP,
        defaults.CONTACT_LIMIT_PER_GROUP,
        defaults.CONTACT_LIMIT_PER_CENTRE,
        defaults.CONTACT_MIN_SECONDS,
    )
    assert limits == (5, 20, 100, 3)


# ---- Bad input: 400 with clear errors, never a 500 ----------------------------------------


def test_an_invalid_email_is_refused_with_the_text_kept(client, listed):
    response = post(client, listed, language="en", email="alex@")
    html = refused_without_a_trace(response)
    assert "Enter a valid email address." in html
    assert 'href="#id_email"' in html  # the summary leads to the field
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert SENDER["message"] in html and 'value="alex@"' in html
    assert "<title>Error:" in html


def test_empty_fields_are_named(client, listed):
    response = post(client, listed, language="en", name="", email="", message="")
    html = refused_without_a_trace(response)
    for field in ("id_name", "id_email", "id_message"):
        assert f'href="#{field}"' in html


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "A" * 2000),
        ("name", "Alex\r\nBcc: everyone@example.org"),
        ("message", "x" * 5001),
        ("email", "a" * 300 + "@example.org"),
    ],
)
def test_overlong_or_broken_input_is_a_400_not_a_500(client, listed, field, value):
    refused_without_a_trace(post(client, listed, **{field: value}))


def test_other_methods_are_not_allowed(client, listed):
    assert client.put(url("contact", listed)).status_code == 405


# ---- A group no one can receive messages for ---------------------------------------------


def test_a_group_no_one_can_reach_offers_the_centres_instead(client):
    group = GroupFactory(centre=None, contact_email="")
    response = client.get(url("contact", group, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" not in html.split("<main", 1)[1]
    assert "cannot receive messages through Selfhelp" in html
    with translation.override("en"):
        assert f'href="{reverse("groups:centre_index")}"' in html


def test_a_message_to_a_group_no_one_can_reach_is_given_back(client):
    group = GroupFactory(centre=None, contact_email="")
    response = post(client, group, language="en")
    html = refused_without_a_trace(response, status=409)
    assert SENDER["message"] in html and "readonly" in html


def test_a_centre_without_an_address_is_shown_but_not_written_to(client):
    group = GroupFactory(centre=CentreFactory(email="", phone="+41 21 555 00 00"))
    html = client.get(url("contact", group, "en")).content.decode()
    assert "+41 21 555 00 00" in html and "<textarea" not in html


# ---- Who may see it ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["contact", "contact_sent"])
def test_an_archived_group_is_gone(client, name):
    group = GroupFactory(publication=Publication.ARCHIVED)
    group.facilitators.add(UserFactory())
    assert client.get(url(name, group)).status_code == 410


def test_writing_to_an_archived_group_is_gone_and_stores_nothing(client):
    group = GroupFactory(publication=Publication.ARCHIVED)
    group.facilitators.add(UserFactory())
    refused_without_a_trace(post(client, group), status=410)


@pytest.mark.parametrize("publication", [Publication.DRAFT, Publication.PENDING])
@pytest.mark.parametrize("name", ["contact", "contact_sent"])
def test_an_unpublished_group_does_not_exist(client, publication, name):
    group = GroupFactory(publication=publication)
    group.facilitators.add(UserFactory())
    assert client.get(url(name, group)).status_code == 404
    refused_without_a_trace(post(client, group), status=404)


# ---- SMTP down: nothing is lost -------------------------------------------------------------


def closed_port():
    """A local port nothing listens on (bound, read, released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collector:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def test_SMTP_DOWN_the_message_is_kept_and_sent_once_the_server_is_back(client, listed, settings):
    """SMTP DOWN: the mail server refuses connections; the visitor still succeeds, the message
    is stored, the emails wait in the queue, and go out once a real SMTP server answers."""
    from aiosmtpd.controller import Controller

    port = closed_port()
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    }
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2

    response = post(client, listed)
    assert response.status_code == 303
    message = ContactMessage.objects.get()

    sent, failed, requeued = send_due()
    assert (sent, failed, requeued) == (0, 0, 1)
    emails = list(message.emails.all())
    assert len(emails) == 1 and all(email.status == STATUS.requeued for email in emails)
    assert ContactMessage.objects.filter(pk=message.pk).exists()

    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        # The pause before the retry has passed.
        message.emails.update(scheduled_time=timezone.now())
        assert send_due() == (1, 0, 0)
    finally:
        controller.stop()

    assert all(email.status == STATUS.sent for email in message.emails.all())
    relays = [e for e in collector.envelopes if e.rcpt_tos == ["facilitator@example.org"]]
    assert len(relays) == 1
    raw = relays[0].content.decode()
    assert 'Reply-To: "Alex" <alex@example.org>' in raw
    assert len(collector.envelopes) == 1


def test_behind_a_proxy_each_visitor_has_their_own_limit(client, listed, settings):
    """With TRUSTED_PROXY_COUNT set, the limit counts the client named in X-Forwarded-For,
    not the proxy every request comes from."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.CONTACT_LIMIT_PER_IP = 1

    def via_proxy(client_ip, text):
        data = {
            **SENDER,
            "message": text,
            "website": "",
            "shown": aged_stamp(listed),
        }
        return client.post(
            url("contact", listed, "fr"),
            data,
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=client_ip,
        )

    assert via_proxy("203.0.113.7", "First").status_code == 303
    assert via_proxy("203.0.113.8", "Second").status_code == 303  # another visitor, same proxy
    assert via_proxy("203.0.113.7", "Third").status_code == 429


# ---- Who reads a message on the site ---------------------------------------------------------


def test_a_facilitator_added_later_does_not_read_what_went_to_the_centre(
    client, centre, facilitator, other_facilitator
):
    """Defect found from outside: the facilitator's page listed every message of the group,
    including those written while it had none, whose senders were told the centre got them."""
    group = GroupFactory(centre=centre)
    assert post(client, group, message="Written to the centre").status_code == 303
    group.facilitators.add(facilitator)
    assert (
        post(client, group, message="Written to Fabienne", remote_addr="198.51.100.8").status_code
        == 303
    )
    group.facilitators.add(other_facilitator)  # joins after both
    first, second = ContactMessage.objects.order_by("created_at", "pk")
    assert list(second.relayed_to.all()) == [facilitator] and not first.relayed_to.exists()

    client.force_login(facilitator)
    html = client.get(url("my_group", group)).content.decode()
    assert "Written to Fabienne" in html and "Written to the centre" not in html
    client.force_login(other_facilitator)
    html = client.get(url("my_group", group)).content.decode()
    assert "Written to Fabienne" not in html and "Written to the centre" not in html


def test_messages_sent_before_the_change_keep_their_readers(listed, facilitator, other_facilitator):
    """The migration gives older messages the facilitators their relay was addressed to."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("groups.migrations.0004_contact_message_relayed_to")
    contact.send_contact_message(listed, name="A", email="a@example.org", text="t", language="fr")
    message = ContactMessage.objects.get()
    listed.facilitators.add(other_facilitator)  # came later: the relay did not go to them
    message.relayed_to.clear()
    migration.relayed_to_from_the_queue(apps, None)
    assert list(message.relayed_to.all()) == [facilitator]
