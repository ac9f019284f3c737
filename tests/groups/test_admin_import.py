"""Importing groups from CSV in the admin: upload, preview (nothing written), confirm; a bad
file shows every problem by line and column and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from groups import admin_import
from groups.models import Group
from tests.conftest import with_authenticator_app
from tests.factories import GroupFactory, UserFactory
from tests.groups.test_groups_csv import make_csv, snapshot, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = "admin:groups_group_import"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def upload(client, data, name="groups.csv"):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_the_change_list_offers_the_import(admin_client):
    html = admin_client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert reverse(URL) in html
    assert admin_client.get(reverse(URL)).status_code == 200


def test_a_preview_lists_what_would_change_and_writes_nothing(admin_client, world):  # noqa: F811
    known = GroupFactory(ref="SH-KNOWN", name="Ancien nom", canton=world["vd"])
    before = snapshot()
    data = make_csv({"ref": "SH-KNOWN", "name": "Nouveau nom"}, {"ref": "", "name": "Tout neuf"})

    response = upload(admin_client, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 to create, 1 to change, 0 unchanged." in html
    created = html.split('id="import-created"', 1)[1].split("</ul>", 1)[0]
    changed = html.split('id="import-changed"', 1)[1].split("</ul>", 1)[0]
    assert "Tout neuf" in created and "Nouveau nom (SH-KNOWN)" in changed
    assert snapshot() == before
    assert Group.objects.get(pk=known.pk).name == "Ancien nom"


def test_confirming_imports_the_previewed_file(admin_client, admin_user, world):  # noqa: F811
    response = upload(admin_client, make_csv({"ref": "", "name": "Tout neuf"}))
    token = response.context["token"]

    response = admin_client.post(reverse(URL), {"token": token})

    assert response.status_code == 302
    assert response.url == reverse("admin:groups_group_changelist")
    group = Group.objects.get(name="Tout neuf")
    assert group.history.latest().history_user == admin_user
    # The same preview cannot be imported twice.
    assert admin_client.post(reverse(URL), {"token": token}).status_code == 400
    assert Group.objects.filter(name="Tout neuf").count() == 1


def test_a_bad_file_names_every_problem_and_changes_nothing(admin_client, world):  # noqa: F811
    before = snapshot()
    data = make_csv({"ref": "", "canton": "XX"}, {"ref": "", "start_time": "25:99"})

    response = upload(admin_client, data)

    assert response.status_code == 400
    assert "token" not in response.context
    errors = response.content.decode().split('id="import-errors"', 1)[1].split("</table>", 1)[0]
    assert "Nothing was imported: the file has 2 problems." in errors
    rows = errors.split("<tr>")[2:]
    assert "<td>2</td>" in rows[0] and "<td>canton</td>" in rows[0]
    assert "<td>3</td>" in rows[1] and "<td>start_time</td>" in rows[1]
    assert snapshot() == before


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xfe\x00garbage", b"not,a,header\n1,2,3\n"],
    ids=["empty", "not text", "wrong header"],
)
def test_files_that_are_not_an_export_are_refused_clearly(admin_client, world, data):  # noqa: F811
    before = snapshot()
    response = upload(admin_client, data)
    assert response.status_code == 400
    assert snapshot() == before


def test_a_file_over_the_limit_is_refused(admin_client, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(admin_import, "IMPORT_MAX_BYTES", 100)
    response = upload(admin_client, make_csv({"ref": ""}))
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_a_preview_belongs_to_the_curator_who_made_it(admin_client, client, world):  # noqa: F811
    token = upload(admin_client, make_csv({"ref": "", "name": "Tout neuf"})).context["token"]
    other = with_authenticator_app(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(other)

    response = client.post(reverse(URL), {"token": token})

    assert response.status_code == 400
    assert not Group.objects.filter(name="Tout neuf").exists()


def test_centre_staff_do_not_import(client, world):  # noqa: F811
    staff = with_authenticator_app(UserFactory(is_staff=True, centre=world["centre"]))
    client.force_login(staff)
    assert client.get(reverse(URL)).status_code == 403
    assert upload(client, make_csv({"ref": ""})).status_code == 403
    html = client.get(reverse("admin:groups_group_changelist")).content.decode()
    assert reverse(URL) not in html


def test_members_are_sent_to_the_login(client, member):
    client.force_login(member)
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("token", ["", "x" * 5000, "a b\x00c", "../../etc", "é" * 20])
def test_a_strange_token_is_an_expired_preview(admin_client, world, token):  # noqa: F811
    response = admin_client.post(reverse(URL), {"token": token})
    assert response.status_code == 400
    assert 'id="import-expired"' in response.content.decode()
