"""Who may open what: every join-request and facilitator URL (editing a group, its breaks and
its history included), for every persona.

The group belongs to `facilitator`; `other_facilitator` runs another group; `member` owns the
pending request (so the member's own "join POST" meets it: 409, the open request shown; a
facilitator cannot ask to join their own group: 409 too). Anyone reaching another's group or
request gets 404 (never 403: nothing tells them it exists), staff included (they work in the
admin). Visitors are sent to log in, and back.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from groups.models import Alert, Group, JoinRequest, JoinRequestStatus, MeetingBreak
from tests.factories import GroupFactory, JoinRequestFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "member", "facilitator", "other_facilitator", "staff"]
LOGIN = "login"  # 302 to the login page, with ?next= back here

# fmt: off
MATRIX = [
    # what                                visitor member facilitator other_facilitator staff
    ("join GET",                          LOGIN,  200,   200,        200,              200),
    ("join POST",                         LOGIN,  409,   409,        303,              303),
    ("my_requests GET",                   LOGIN,  200,   200,        200,              200),
    ("withdraw GET (member's request)",   LOGIN,  200,   404,        404,              404),
    ("withdraw POST (member's request)",  LOGIN,  303,   404,        404,              404),
    ("my_groups GET",                     LOGIN,  200,   200,        200,              200),
    ("my_group GET (facilitator's group)", LOGIN, 404,   200,        404,              404),
    ("decide POST (facilitator's group)", LOGIN,  404,   303,        404,              404),
    ("decide GET",                        LOGIN,  405,   405,        405,              405),
    ("confirm POST (facilitator's group)", LOGIN, 404,   303,        404,              404),
    ("confirm GET (facilitator's group)", LOGIN,  405,   405,        405,              405),
    ("edit GET (facilitator's group)",    LOGIN,  404,   200,        404,              404),
    ("edit POST (facilitator's group)",   LOGIN,  404,   400,        404,              404),
    ("add break POST",                    LOGIN,  404,   303,        404,              404),
    ("add break GET",                     LOGIN,  405,   405,        405,              405),
    ("remove break POST",                 LOGIN,  404,   303,        404,              404),
    ("history GET (facilitator's group)", LOGIN,  404,   200,        404,              404),
    ("propose a group GET",               LOGIN,  200,   200,        200,              200),
    ("propose a group POST (empty)",      LOGIN,  400,   400,        400,              400),
    ("my alerts GET",                     LOGIN,  200,   200,        200,              200),
    ("remove alert POST (member's alert)", LOGIN, 303,   404,        404,              404),
    ("remove alert GET",                  LOGIN,  405,   405,        405,              405),
]
# fmt: on

CELLS = [
    pytest.param(what, persona, expected, id=f"{what} · {persona}")
    for what, *row in MATRIX
    for persona, expected in zip(PERSONAS, row, strict=True)
]


@pytest.fixture
def world(member, facilitator, other_facilitator, admin_user, group):
    GroupFactory().facilitators.add(other_facilitator)
    join_request = JoinRequestFactory(group=group, member=member)
    # Confirmed a while ago: a refused "confirm" must leave that date as it is.
    group.last_confirmed = datetime.date.today() - datetime.timedelta(days=40)
    group.save()
    day = datetime.date.today() + datetime.timedelta(days=20)
    meeting_break = MeetingBreak.objects.create(group=group, first_day=day, last_day=day)
    alert = Alert.objects.create(user=member, theme=group.themes.first())
    return {
        "group": group,
        "alert": alert,
        "break": meeting_break,
        "versions": group.history.count(),
        "join_request": join_request,
        "personas": {
            "visitor": None,
            "member": member,
            "facilitator": facilitator,
            "other_facilitator": other_facilitator,
            "staff": admin_user,
        },
    }


def request_for(what, world):
    """(method, url, data) of a row of the matrix."""
    group, join_request, alert = world["group"], world["join_request"], world["alert"]
    prefix = f"request-{join_request.pk}"
    later = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
    requests = {
        "join GET": ("get", "groups:join", [group.slug], None),
        "join POST": ("post", "groups:join", [group.slug], {"consent": "on", "message": "Hi"}),
        "my_requests GET": ("get", "groups:my_requests", [], None),
        "withdraw GET (member's request)": (
            "get",
            "groups:withdraw_request",
            [join_request.pk],
            None,
        ),
        "withdraw POST (member's request)": (
            "post",
            "groups:withdraw_request",
            [join_request.pk],
            {},
        ),
        "my_groups GET": ("get", "groups:my_groups", [], None),
        "propose a group GET": ("get", "groups:propose_group", [], None),
        "propose a group POST (empty)": ("post", "groups:propose_group", [], {}),
        "my alerts GET": ("get", "groups:my_alerts", [], None),
        "remove alert POST (member's alert)": ("post", "groups:remove_alert", [alert.pk], {}),
        "remove alert GET": ("get", "groups:remove_alert", [alert.pk], None),
        "my_group GET (facilitator's group)": ("get", "groups:my_group", [group.slug], None),
        "decide POST (facilitator's group)": (
            "post",
            "groups:decide_request",
            [join_request.pk],
            {f"{prefix}-decision": "accept", f"{prefix}-reply": "Welcome"},
        ),
        "decide GET": ("get", "groups:decide_request", [join_request.pk], None),
        "confirm POST (facilitator's group)": ("post", "groups:confirm_group", [group.slug], {}),
        "confirm GET (facilitator's group)": ("get", "groups:confirm_group", [group.slug], None),
        "edit GET (facilitator's group)": ("get", "groups:edit_group", [group.slug], None),
        "edit POST (facilitator's group)": ("post", "groups:edit_group", [group.slug], {}),
        "add break POST": ("post", "groups:add_break", [group.slug], {"break-first_day": later}),
        "add break GET": ("get", "groups:add_break", [group.slug], None),
        "remove break POST": (
            "post",
            "groups:remove_break",
            [group.slug, world["break"].pk],
            {},
        ),
        "history GET (facilitator's group)": ("get", "groups:group_history", [group.slug], None),
    }
    method, name, args, data = requests[what]
    with translation.override("en"):
        return method, reverse(name, args=args), data


@pytest.mark.parametrize(("what", "persona", "expected"), CELLS)
def test_access(client, world, what, persona, expected):
    user = world["personas"][persona]
    if user is not None:
        client.force_login(user)
    method, url, data = request_for(what, world)
    response = getattr(client, method)(url, data) if data is not None else client.get(url)

    if expected == LOGIN:
        with translation.override("en"):
            login = reverse("account_login")
        assert response.status_code == 302
        assert response["Location"] == f"{login}?next={url}"
    else:
        assert response.status_code == expected
    if expected in (404, 405, LOGIN):
        # Refused: the member's request is untouched and nobody else's request was made.
        join_request = JoinRequest.objects.get(pk=world["join_request"].pk)
        assert join_request.status == JoinRequestStatus.PENDING
        if what == "join POST":
            assert JoinRequest.objects.count() == 1
        group = world["group"]
        # Nothing a refused person sent changed the group, its breaks or its history.
        assert Group.objects.get(pk=group.pk).last_confirmed == group.last_confirmed
        assert list(MeetingBreak.objects.all()) == [world["break"]]
        assert group.history.count() == world["versions"]


def test_an_outsiders_404_says_nothing_of_the_group(client, world, other_facilitator):
    client.force_login(other_facilitator)
    with translation.override("en"):
        theirs = reverse("groups:my_group", args=[world["group"].slug])
        decide = reverse("groups:decide_request", args=[world["join_request"].pk])
    for response in (client.get(theirs), client.post(decide, {})):
        assert response.status_code == 404
        html = response.content.decode()
        assert world["group"].name not in html
        assert world["join_request"].member.email not in html


def test_the_member_never_sees_another_members_requests(client, world, other_facilitator):
    client.force_login(other_facilitator)
    with translation.override("en"):
        html = client.get(reverse("groups:my_requests")).content.decode()
    assert world["group"].name not in html
