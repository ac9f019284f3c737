"""Asking to join a group, answering, withdrawing: end to end through the test client and the
mail queue (rows first, emails once the worker runs)."""

import socket

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import STATUS, Email

from groups import joining
from groups.management.commands.run_mail_worker import send_due
from groups.models import (
    JoinRequest,
    JoinRequestStatus,
    MembershipStatus,
    ProposedChange,
    Publication,
)
from tests.factories import (
    CentreFactory,
    ContactMessageFactory,
    GroupFactory,
    JoinRequestFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CONSENT_LABEL = "I agree that the people who run this group see my name and email address."
MESSAGE = "Bonjour, je vis avec une dépression depuis deux ans."
REPLY = "Welcome! We meet at the Maison des associations, room 2. Ring at the side door."


def in_language(language, message):
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(message)


def in_french(message):
    """The personas' emails go out in French (their preferred language, the site's default)."""
    return in_language("fr", message)


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"groups:{name}", args=args)


def login_url(next_url, language="en"):
    with translation.override(language):
        return f"{reverse('account_login')}?next={next_url}"


def ask(client, group, message=MESSAGE, consent=True):
    data = {"message": message}
    if consent:
        data["consent"] = "on"
    return client.post(url("join", group.slug), data)


def decide(client, join_request, decision, reply=""):
    prefix = f"request-{join_request.pk}"
    data = {f"{prefix}-decision": decision, f"{prefix}-reply": reply}
    return client.post(url("decide_request", join_request.pk), data)


def queued_to(address):
    return [email for email in Email.objects.all() if email.to == [address]]


def body_of(message):
    return message.body + "".join(content for content, _ in message.alternatives)


# ---- The whole flow --------------------------------------------------------------------------


def test_member_asks_facilitator_accepts_member_is_told(
    client, member, facilitator, group, deliver_mail
):
    member.preferred_language = "de"
    member.save()
    facilitator.preferred_language = "fr"
    facilitator.save()

    client.force_login(member)
    page = client.get(url("join", group.slug))
    assert page.status_code == 200
    assert CONSENT_LABEL in page.content.decode()

    response = ask(client, group)
    assert response.status_code == 303
    assert response["Location"] == url("my_requests") + "?done=sent"

    join_request = JoinRequest.objects.get()
    assert (join_request.group, join_request.member) == (group, member)
    assert join_request.message == MESSAGE
    assert join_request.consent and not join_request.waiting_list
    assert join_request.status == JoinRequestStatus.PENDING

    # Stored and queued, not sent: the worker sends.
    [to_facilitator] = queued_to(facilitator.email)
    assert to_facilitator.status == STATUS.queued
    assert list(join_request.emails.all()) == [to_facilitator]
    assert mail.outbox == []
    assert to_facilitator.subject == in_french("A new request to join your group")

    outbox = deliver_mail()
    assert [message.to for message in outbox] == [[facilitator.email]]
    sent = outbox[0]
    assert url("my_group", group.slug, language="fr") in sent.body  # facilitator's language
    assert sent.alternatives and sent.alternatives[0][1] == "text/html"
    # The request's details stay behind the login: none of them travels by email.
    assert MESSAGE not in body_of(sent) and member.email not in body_of(sent)
    assert "<img" not in body_of(sent)  # no tracking pixel

    client.force_login(facilitator)
    html = client.get(url("my_group", group.slug)).content.decode()
    assert "Mia" in html and member.email in html and MESSAGE in html

    response = decide(client, join_request, "accept", REPLY)
    assert response.status_code == 303
    assert response["Location"] == url("my_group", group.slug) + "?done=accepted"
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ACCEPTED
    assert join_request.decision_message == REPLY and join_request.decided_at

    [to_member] = queued_to(member.email)
    assert to_member.status == STATUS.queued
    assert to_member.headers == {"Reply-To": facilitator.email}
    assert join_request.emails.count() == 2
    assert to_member.subject == in_language("de", "Your request to join a group has an answer")

    client.force_login(member)
    html = client.get(url("my_requests")).content.decode()
    assert 'data-status="accepted"' in html and REPLY in html
    assert facilitator.email not in html  # revealed in the email only, never on the site

    mail.outbox.clear()
    [decision] = deliver_mail()
    assert decision.to == [member.email]
    assert decision.message()["Reply-To"] == facilitator.email
    assert REPLY in decision.body and facilitator.email in decision.body
    assert url("my_requests", language="de") in decision.body  # the member's language


def test_a_declined_member_is_told_without_the_facilitators_address(
    client, member, facilitator, group, deliver_mail
):
    join_request = JoinRequestFactory(group=group, member=member)
    client.force_login(facilitator)
    response = decide(client, join_request, "decline", "Sorry, we are a group for parents.")
    assert response.status_code == 303
    assert response["Location"].endswith("?done=declined")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED

    [to_member] = queued_to(member.email)
    assert not to_member.headers
    [message] = deliver_mail()
    assert message.message()["Reply-To"] is None
    assert facilitator.email not in body_of(message)
    assert "Sorry, we are a group for parents." in message.body

    client.force_login(member)
    html = client.get(url("my_requests")).content.decode()
    assert 'data-status="declined"' in html
    assert url("withdraw_request", join_request.pk) not in html


def test_the_facilitator_sees_decided_requests_and_relayed_messages_newest_first(
    client, facilitator, group
):
    JoinRequestFactory(group=group, status=JoinRequestStatus.DECLINED, member__display_name="Zoé")
    older = ContactMessageFactory(group=group, sender_name="Older sender")
    newer = ContactMessageFactory(group=group, sender_name="Newer sender")
    ContactMessageFactory(sender_name="Someone else's sender")  # another group
    client.force_login(facilitator)
    html = client.get(url("my_group", group.slug)).content.decode()
    assert "Zoé" in html and 'data-status="declined"' in html
    assert html.index(f'id="message-{newer.pk}"') < html.index(f'id="message-{older.pk}"')
    assert "Someone else&#x27;s sender" not in html and "Someone else's sender" not in html


def test_my_groups_counts_what_waits_for_an_answer(client, facilitator, group):
    JoinRequestFactory.create_batch(2, group=group)
    JoinRequestFactory(group=group, waiting_list=True)
    JoinRequestFactory(group=group, status=JoinRequestStatus.ACCEPTED)
    client.force_login(facilitator)
    html = client.get(url("my_groups")).content.decode()
    assert url("my_group", group.slug) in html
    assert "2 requests waiting for your answer" in html
    assert "1 person on the waiting list" in html


def test_someone_who_runs_no_group_has_an_empty_page(client, member):
    client.force_login(member)
    response = client.get(url("my_groups"))
    assert response.status_code == 200
    assert "You do not run any group on this site." in response.content.decode()


# ---- Withdrawing -----------------------------------------------------------------------------


def test_member_withdraws_a_pending_request_after_confirming(
    client, member, facilitator, group, deliver_mail
):
    join_request = JoinRequestFactory(group=group, member=member)
    client.force_login(member)
    confirm = client.get(url("withdraw_request", join_request.pk))
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING  # a GET changes nothing

    response = client.post(url("withdraw_request", join_request.pk))
    assert response.status_code == 303
    assert response["Location"] == url("my_requests") + "?done=withdrawn"
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN and join_request.decided_at

    [to_facilitator] = queued_to(facilitator.email)
    assert to_facilitator.subject == in_french("A request to join your group was withdrawn")
    assert list(join_request.emails.all()) == [to_facilitator]
    [message] = deliver_mail()
    assert member.email not in body_of(message) and "Mia" not in body_of(message)

    html = client.get(url("my_requests")).content.decode()
    assert 'data-status="withdrawn"' in html

    again = client.post(url("withdraw_request", join_request.pk))
    assert again.status_code == 409
    assert len(queued_to(facilitator.email)) == 1


def test_after_withdrawing_the_member_can_ask_again(client, member, group):
    JoinRequestFactory(group=group, member=member, status=JoinRequestStatus.WITHDRAWN)
    client.force_login(member)
    assert ask(client, group).status_code == 303
    assert JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count() == 1


def test_a_decided_request_cannot_be_answered_again(client, facilitator, group):
    join_request = JoinRequestFactory(group=group, status=JoinRequestStatus.WITHDRAWN)
    client.force_login(facilitator)
    response = decide(client, join_request, "accept", "Welcome")
    assert response.status_code == 409
    assert "already answered or withdrawn" in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN
    assert not Email.objects.exists()


def test_a_reply_too_long_is_refused_and_kept(client, facilitator, group):
    join_request = JoinRequestFactory(group=group)
    client.force_login(facilitator)
    response = decide(client, join_request, "accept", "x" * 2001)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'aria-invalid="true"' in html
    assert f'aria-describedby="id_request-{join_request.pk}-reply_helptext' in html
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING
    assert not Email.objects.exists()


def test_a_decision_needs_a_button(client, facilitator, group):
    join_request = JoinRequestFactory(group=group)
    client.force_login(facilitator)
    assert decide(client, join_request, "maybe").status_code == 400
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


# ---- Full and forming groups -----------------------------------------------------------------


def test_a_full_group_offers_its_waiting_list(client, member, facilitator, deliver_mail):
    group = GroupFactory(status=MembershipStatus.FULL)
    group.facilitators.add(facilitator)
    client.force_login(member)
    html = client.get(url("join", group.slug)).content.decode()
    assert "Ask for a place on the waiting list" in html

    assert ask(client, group).status_code == 303
    join_request = JoinRequest.objects.get()
    assert join_request.waiting_list
    [to_facilitator] = queued_to(facilitator.email)
    assert to_facilitator.subject == in_french("A new request for your group’s waiting list")

    html = client.get(url("my_requests")).content.decode()
    assert "On the waiting list" in html

    client.force_login(facilitator)
    html = client.get(url("my_group", group.slug)).content.decode()
    assert "On the waiting list" in html


def test_a_forming_group_welcomes_requests(client, member, facilitator):
    group = GroupFactory(status=MembershipStatus.FORMING)
    group.facilitators.add(facilitator)
    client.force_login(member)
    html = client.get(url("join", group.slug)).content.decode()
    assert "being founded" in html
    assert ask(client, group).status_code == 303
    assert not JoinRequest.objects.get().waiting_list


# ---- Refusals that store nothing -------------------------------------------------------------


def test_no_consent_no_request(client, member, group):
    client.force_login(member)
    response = ask(client, group, consent=False)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Without your agreement we cannot send your request" in html
    assert 'class="error-summary"' in html and 'href="#id_consent"' in html
    assert 'aria-describedby="id_consent_helptext id_consent_error"' in html
    assert MESSAGE in html  # what was typed is kept
    assert not JoinRequest.objects.exists()
    assert not Email.objects.exists()


def test_a_message_too_long_is_refused(client, member, group):
    client.force_login(member)
    response = ask(client, group, message="x" * 2001)
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_a_second_request_shows_the_open_one(client, member, facilitator, group):
    client.force_login(member)
    assert ask(client, group).status_code == 303
    again = ask(client, group, message="Another try")
    assert again.status_code == 409
    existing = JoinRequest.objects.get()
    assert url("withdraw_request", existing.pk) in again.content.decode()
    page = client.get(url("join", group.slug))
    assert page.status_code == 200
    assert 'id="join-existing"' in page.content.decode()
    assert JoinRequest.objects.count() == 1
    assert len(queued_to(facilitator.email)) == 1


def test_a_simultaneous_second_request_meets_the_database_constraint(member, group, monkeypatch):
    first = joining.ask_to_join(group, member, "", consent=True)
    # As if the other request arrived between the check and the insert: the first look finds
    # nothing, the insert meets the constraint, the second look finds the winner.
    real_lookup = joining.pending_request
    looks = []

    def lookup(group, member):
        looks.append(True)
        return None if len(looks) == 1 else real_lookup(group, member)

    monkeypatch.setattr(joining, "pending_request", lookup)
    with pytest.raises(joining.AlreadyPending) as already:
        joining.ask_to_join(group, member, "", consent=True)
    assert already.value.join_request == first
    assert list(JoinRequest.objects.all()) == [first]
    assert Email.objects.count() == 1


def test_if_the_email_cannot_be_queued_the_request_is_not_stored(member, group, monkeypatch):
    def broken_queue(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(joining.mail, "queue", broken_queue)
    with pytest.raises(RuntimeError):
        joining.ask_to_join(group, member, "Hello", consent=True)
    assert not JoinRequest.objects.exists()


def test_the_service_refuses_without_consent(member, group):
    with pytest.raises(joining.ConsentMissing):
        joining.ask_to_join(group, member, "", consent=False)
    assert not JoinRequest.objects.exists()


def test_only_a_facilitator_of_the_group_can_decide(member, other_facilitator, group):
    join_request = JoinRequestFactory(group=group, member=member)
    with pytest.raises(joining.JoinRequestError):
        joining.decide(join_request, other_facilitator, accept=True, reply="")
    with pytest.raises(joining.JoinRequestError):
        joining.withdraw(join_request, other_facilitator)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


# ---- Who can ask -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_visitor_is_sent_to_log_in_and_back(client, group, method):
    join_url = url("join", group.slug)
    response = getattr(client, method)(join_url)
    assert response.status_code == 302
    assert response["Location"] == login_url(join_url)
    assert not JoinRequest.objects.exists()


def test_a_group_without_a_facilitator_account_is_contacted_instead(client, member):
    group = GroupFactory()
    group.facilitators.add(UserFactory(is_active=False))  # a closed account answers nobody
    client.force_login(member)
    page = client.get(url("join", group.slug))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="join-no-facilitator"' in html
    assert f'href="{url("contact", group.slug)}"' in html
    assert 'name="consent"' not in html
    assert ask(client, group).status_code == 409
    assert not JoinRequest.objects.exists() and not Email.objects.exists()


def test_a_facilitator_does_not_ask_to_join_their_own_group(client, facilitator, group):
    client.force_login(facilitator)
    html = client.get(url("join", group.slug)).content.decode()
    assert 'id="join-own-group"' in html and url("my_group", group.slug) in html
    assert ask(client, group).status_code == 409
    assert not JoinRequest.objects.exists()


def test_an_archived_group_is_gone(client, member, facilitator):
    group = GroupFactory(publication=Publication.ARCHIVED)
    group.facilitators.add(facilitator)
    client.force_login(member)
    assert client.get(url("join", group.slug)).status_code == 410
    assert ask(client, group).status_code == 410
    client.logout()
    assert client.get(url("join", group.slug)).status_code == 410  # before any login
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize("publication", [Publication.DRAFT, Publication.PENDING])
def test_an_unpublished_group_does_not_exist(client, member, facilitator, publication):
    group = GroupFactory(publication=publication)
    group.facilitators.add(facilitator)
    client.force_login(member)
    assert client.get(url("join", group.slug)).status_code == 404
    assert ask(client, group).status_code == 404
    assert not JoinRequest.objects.exists()


# ---- Emails ------------------------------------------------------------------------------------


def test_every_facilitator_is_told_in_their_own_language(client, member, group, facilitator):
    facilitator.preferred_language = "it"
    facilitator.save()
    second = UserFactory(preferred_language="de")
    group.facilitators.add(second)
    client.force_login(member)
    ask(client, group)
    [italian] = queued_to(facilitator.email)
    [german] = queued_to(second.email)
    assert url("my_group", group.slug, language="it") in italian.message
    assert url("my_group", group.slug, language="de") in german.message
    assert JoinRequest.objects.get().emails.count() == 2


def test_no_personal_data_in_any_subject(client, member, facilitator, group):
    client.force_login(member)
    ask(client, group)
    join_request = JoinRequest.objects.get()
    client.force_login(facilitator)
    decide(client, join_request, "accept", REPLY)
    theme = group.themes.get()
    subjects = [email.subject for email in Email.objects.all()]
    assert len(subjects) == 2
    for subject in subjects:
        for personal in (member.email, "Mia", facilitator.email, "Fabienne", group.name):
            assert personal not in subject
        assert theme.name not in subject


def test_email_links_point_to_the_site(client, member, group):
    client.force_login(member)
    ask(client, group)
    [email] = Email.objects.all()
    assert f"{settings.SITE_URL}{url('my_group', group.slug, language='fr')}" in email.message
    assert f'href="{settings.SITE_URL}' in email.html_message


# ---- Mail server down -------------------------------------------------------------------------


def unused_local_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """A tiny SMTP server's handler that keeps what it is given."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 OK"


def test_with_the_mail_server_down_the_request_waits_and_goes_out_later(
    client, member, facilitator, group, settings
):
    from aiosmtpd.controller import Controller

    port = unused_local_port()
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    }
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    client.force_login(member)
    assert ask(client, group).status_code == 303  # the member is not told of our mail troubles
    join_request = JoinRequest.objects.get()
    assert send_due() == (0, 0, 1)
    [email] = join_request.emails.all()
    assert email.status == STATUS.requeued
    html = client.get(url("my_requests")).content.decode()
    assert 'data-status="pending"' in html

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        join_request.emails.update(scheduled_time=timezone.now())  # the retry is due
        assert send_due() == (1, 0, 0)
    finally:
        server.stop()
    assert [envelope.rcpt_tos for envelope in inbox.received] == [[facilitator.email]]
    email.refresh_from_db()
    assert email.status == STATUS.sent


# ---- Query counts ------------------------------------------------------------------------------

# Every signed-in page: the session, the user, and the header's "does this person run a group?".
FRAME_QUERIES = 3
MY_REQUESTS_QUERIES = FRAME_QUERIES + 1  # the requests with their groups
MY_GROUP_QUERIES = FRAME_QUERIES + 4  # the group; pending requests; decided ones; messages
# the groups with their counts; the new groups the person proposed (with their centres)
MY_GROUPS_QUERIES = FRAME_QUERIES + 2


@pytest.mark.parametrize("rows", [1, 20])
def test_my_requests_needs_the_same_queries_whatever_its_rows(
    client, member, rows, django_assert_num_queries
):
    for _ in range(rows):
        JoinRequestFactory(member=member)
    client.force_login(member)
    with django_assert_num_queries(MY_REQUESTS_QUERIES):
        html = client.get(url("my_requests")).content.decode()
    assert html.count('class="request request--pending"') == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_my_group_needs_the_same_queries_whatever_its_rows(
    client, facilitator, group, rows, django_assert_num_queries
):
    JoinRequestFactory.create_batch(rows, group=group)
    JoinRequestFactory.create_batch(rows, group=group, status=JoinRequestStatus.ACCEPTED)
    ContactMessageFactory.create_batch(rows, group=group)
    client.force_login(facilitator)
    with django_assert_num_queries(MY_GROUP_QUERIES):
        html = client.get(url("my_group", group.slug)).content.decode()
    assert html.count('class="decision-form"') == rows
    assert html.count('class="message"') == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_my_groups_needs_the_same_queries_whatever_its_rows(
    client, facilitator, rows, django_assert_num_queries
):
    for _ in range(rows):
        GroupFactory().facilitators.add(facilitator)
        proposed = GroupFactory(publication="pending", centre=CentreFactory())
        ProposedChange.objects.create(group=proposed, proposed_by=facilitator, is_new_group=True)
    client.force_login(facilitator)
    with django_assert_num_queries(MY_GROUPS_QUERIES):
        html = client.get(url("my_groups")).content.decode()
    assert html.count('class="my-group-card"') == 2 * rows
