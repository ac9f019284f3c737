"""Whatever a stranger sends, the site answers with a page or a 4xx: never a 5xx.

Hypothesis draws values for every public GET parameter and every form field of the site: the
known values, empty and huge strings, punctuation, quotes, NUL and other control characters,
stop words, other scripts. The budget is fixed (FUZZ_EXAMPLES, more in CI through the
environment) so that `make test` stays fast.
"""

import os
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups import contact, editing, reports
from groups.models import ReportReason
from tests.factories import CantonFactory, CentreFactory, GroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people and robots actually type, beside anything at all.
TRICKY = [
    "",
    " ",
    "a",
    "le",
    "the",
    "le la les",
    "!",
    '"',
    "'\"<",
    "\x00",
    "a\x00b",
    "\r\n",
    "%",
    "%%",
    "\\",
    "*",
    ":*",
    "&|!()",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "1003",
    "0000",
    "99999",
    "lausanne",
    "Zürich",
    "-1",
    "1e309",
    "NaN",
    "46.5,6.6",
    "91,181",
    "x" * 5000,
    "é" * 300,
    "😀",
    "\u202e",
    "\ud7ff",
]
VALUE = st.one_of(st.sampled_from(TRICKY), st.text(max_size=60))
LANGUAGES = ["fr", "de", "it", "en"]
LIST_PARAMETERS = [
    "q",
    "theme",
    "canton",
    "postcode",
    "radius",
    "near",
    "language",
    "audience",
    "format",
    "led_by",
    "status",
    "weekday",
    "time",
    "sort",
    "page",
]


@pytest.fixture
def world(facilitator):
    canton = CantonFactory(code="VD")
    CantonFactory(code="ZH")
    centre = CentreFactory(slug="centre-vaud")
    centre.cantons.add(canton)
    theme = ThemeFactory(slug="grief")
    group = GroupFactory(slug="cafe-deuil", themes=[theme], centre=centre)
    group.facilitators.add(facilitator)
    GroupFactory(slug="online-group", format="online", canton=None, postcode="", locality="")
    return {"group": group, "theme": theme, "canton": canton, "centre": centre}


def answered(response):
    assert response.status_code < 500, response.content[:2000]


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@FUZZ
@given(
    language=st.sampled_from(LANGUAGES),
    params=st.lists(
        st.tuples(
            st.sampled_from(LIST_PARAMETERS),
            st.one_of(
                VALUE,
                st.sampled_from(["grief", "VD", "vd", "fr", "affected", "online", "5", "2"]),
            ),
        ),
        max_size=6,
    ),
)
def test_the_group_list_answers_any_query(world, language, params):
    client = Client()
    answered(client.get(url("groups:list", language), params))


PUBLIC_PAGES = [
    ("home", {}),
    ("about", {}),
    ("groups:detail", {"slug": "cafe-deuil"}),
    ("groups:calendar", {"slug": "cafe-deuil"}),
    ("groups:contact", {"slug": "cafe-deuil"}),
    ("groups:theme_index", {}),
    ("groups:theme_detail", {"slug": "grief"}),
    ("groups:canton_index", {}),
    ("groups:canton_detail", {"code": "vd"}),
    ("groups:centre_index", {}),
    ("groups:centre_detail", {"slug": "centre-vaud"}),
    ("account_login", {}),
    ("account_signup", {}),
    ("account_reset_password", {}),
]


@FUZZ
@given(
    page=st.sampled_from(PUBLIC_PAGES),
    language=st.sampled_from(LANGUAGES),
    params=st.dictionaries(st.sampled_from([*LIST_PARAMETERS, "next", "lang", "done"]), VALUE),
)
def test_every_public_page_answers_any_query(world, page, language, params):
    name, kwargs = page
    answered(Client().get(url(name, language, **kwargs), params))


@FUZZ
@given(
    path=st.one_of(
        VALUE,
        st.sampled_from(["cafe-deuil", "grief", "vd", "VD", "centre-vaud", "x" * 300]),
    ),
    prefix=st.sampled_from(
        ["/fr/groupes/", "/de/gruppen/", "/fr/themes/", "/de/kantone/", "/fr/", "/", "/xx/"]
    ),
)
def test_any_path_answers(world, path, prefix):
    answered(Client().get(prefix + path.replace("\x00", "%00")))


@FUZZ
@given(
    name=VALUE,
    email=st.one_of(VALUE, st.just("alex@example.org"), st.emails()),
    message=VALUE,
    website=st.sampled_from(["", "http://spam.example"]),
    shown=st.one_of(VALUE, st.just("fresh"), st.just("aged")),
    language=st.sampled_from(LANGUAGES),
)
def test_the_contact_form_answers_any_post(world, name, email, message, website, shown, language):
    cache.clear()  # the rate limits would otherwise answer 429 to every later example
    group = world["group"]
    if shown == "fresh":
        shown = contact.form_token(group)
    elif shown == "aged":
        shown = contact.form_token(group, issued_at=time.time() - 60)
    data = {"name": name, "email": email, "message": message, "website": website, "shown": shown}
    answered(Client().post(url("groups:contact", language, slug=group.slug), data))


@FUZZ
@given(
    reason=st.one_of(VALUE, st.sampled_from(ReportReason.values)),
    text=VALUE,
    email=st.one_of(VALUE, st.just(""), st.emails()),
    website=st.sampled_from(["", "http://spam.example"]),
    shown=st.one_of(VALUE, st.just("fresh"), st.just("aged")),
    language=st.sampled_from(LANGUAGES),
)
def test_the_report_form_answers_any_post(world, reason, text, email, website, shown, language):
    cache.clear()  # the rate limit would otherwise answer 429 to every later example
    group = world["group"]
    if shown == "fresh":
        shown = reports.form_token(group)
    elif shown == "aged":
        shown = reports.form_token(group, issued_at=time.time() - 60)
    data = {"reason": reason, "text": text, "email": email, "website": website, "shown": shown}
    answered(Client().post(url("groups:report", language, slug=group.slug), data))


@FUZZ
@given(
    message=VALUE,
    consent=st.sampled_from(["", "on", "off", "1", "\x00"]),
    language=st.sampled_from(LANGUAGES),
)
def test_the_join_form_answers_any_post(world, member, message, consent, language):
    client = Client()
    client.force_login(member)
    data = {"message": message, "consent": consent}
    answered(client.post(url("groups:join", language, slug=world["group"].slug), data))


@FUZZ
@given(
    form=st.sampled_from(
        [
            ("account_login", ["login", "password", "remember"]),
            ("account_signup", ["email", "password1", "password2"]),
            ("account_reset_password", ["email"]),
        ]
    ),
    values=st.lists(VALUE, min_size=3, max_size=3),
    language=st.sampled_from(LANGUAGES),
)
def test_the_account_forms_answer_any_post(world, form, values, language):
    cache.clear()  # allauth's rate limits
    name, fields = form
    data = dict(zip(fields, values, strict=False))
    answered(Client().post(url(name, language), data))


@FUZZ
@given(language=VALUE, next_url=VALUE)
def test_the_language_switch_answers_any_post(world, language, next_url):
    answered(Client().post(reverse("set_language"), {"language": language, "next": next_url}))


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["display_name", "preferred_language", "email", "password", "confirm"]),
        VALUE,
    ),
    page=st.sampled_from(["accounts:profile", "accounts:delete_account"]),
    language=st.sampled_from(LANGUAGES),
)
def test_the_member_forms_answer_any_post(world, member, fields, page, language):
    client = Client()
    client.force_login(member)
    answered(client.post(url(page, language), fields))


@FUZZ
@given(
    decision=st.sampled_from(["accept", "decline", "", "x", "\x00"]),
    reply=VALUE,
    prefix=st.sampled_from(["request-{pk}", "other", ""]),
)
def test_the_facilitators_decision_answers_any_post(
    world, facilitator, member, decision, reply, prefix
):
    from tests.factories import JoinRequestFactory

    join_request = JoinRequestFactory(group=world["group"])
    client = Client()
    client.force_login(facilitator)
    key = prefix.format(pk=join_request.pk)
    data = {f"{key}-decision" if key else "decision": decision, f"{key}-reply": reply}
    answered(client.post(url("groups:decide_request", "fr", pk=join_request.pk), data))


# Every field of the facilitator's edit page: the facts, then the proposal's (prefixed).
EDIT_FIELDS = [*editing.FactsForm.Meta.fields, "proposal-name", "proposal-themes"]
EDIT_VALUES = st.one_of(
    VALUE,
    st.sampled_from(
        [
            *("open", "full", "fr", "de", "online", "in_person", "weekly", "monthly"),
            *("irregular", "tue", "last", "2", "19:00", "07:30", "8001", "1003", "Zürich"),
        ]
    ),
)


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(EDIT_FIELDS), EDIT_VALUES),
    language=st.sampled_from(LANGUAGES),
)
def test_the_facilitators_edit_form_answers_any_post(world, facilitator, fields, language):
    from tests.groups.test_editing import form_data

    group = world["group"]
    group.refresh_from_db()
    client = Client()
    client.force_login(facilitator)
    answered(
        client.post(url("groups:edit_group", language, slug=group.slug), form_data(group, **fields))
    )


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["break-first_day", "break-last_day", "break-every_year", "break-note"]),
        st.one_of(VALUE, st.sampled_from(["2030-07-01", "2030-08-31", "on", "9999-12-31"])),
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_the_break_form_answers_any_post(world, facilitator, fields, language):
    client = Client()
    client.force_login(facilitator)
    answered(client.post(url("groups:add_break", language, slug=world["group"].slug), fields))


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [*EDIT_FIELDS, "audience", "led_by", "proposal-name", "proposal-themes", "status"]
        ),
        st.one_of(EDIT_VALUES, st.sampled_from(["affected", "relatives", "peers", "forming"])),
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_the_proposal_of_a_group_answers_any_post(world, member, fields, language):
    from tests.groups.test_proposing import proposal_data

    region = {"theme": world["group"].themes.get()}
    client = Client()
    client.force_login(member)
    answered(client.post(url("groups:propose_group", language), proposal_data(region, **fields)))


@FUZZ
@given(
    theme=st.one_of(VALUE, st.just("theme")),
    canton=st.one_of(VALUE, st.just("canton")),
    language=st.sampled_from(LANGUAGES),
)
def test_the_alert_form_answers_any_post(world, member, theme, canton, language):
    group = world["group"]
    theme = str(group.themes.get().pk) if theme == "theme" else theme
    canton = str(group.canton_id) if canton == "canton" else canton
    client = Client()
    client.force_login(member)
    answered(client.post(url("groups:my_alerts", language), {"theme": theme, "canton": canton}))


@FUZZ
@given(
    token=st.one_of(VALUE, st.text(min_size=1, max_size=300)), language=st.sampled_from(LANGUAGES)
)
def test_the_alerts_stop_link_answers_any_token(world, token, language):
    token = token.replace("/", "").replace("\x00", "%00") or "x"
    from urllib.parse import quote

    with translation.override(language):
        path = reverse("groups:alerts_unsubscribe", kwargs={"token": "TOKEN"})
    answered(Client().post(path.replace("TOKEN", quote(token, safe=""))))
