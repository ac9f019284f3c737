import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from groups import groups_csv, history
from groups.groups_csv import (
    HEADER,
    escape_cell,
    import_groups_csv,
    unescape_cell,
    write_groups_csv,
)
from groups.management.commands.import_groups import Command as ImportCommand
from groups.management.commands.import_groups import ProgressBar
from groups.models import Format, Frequency, Group, Publication, Theme
from tests.factories import (
    CantonFactory,
    CategoryFactory,
    CentreFactory,
    GroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# A valid in-person row; each test changes what it is about.
GOOD_ROW = {
    "ref": "SH-NEW1",
    "name": "Deuil Lausanne",
    "description": "Parler de la perte, ensemble.",
    "language": "fr",
    "themes": "grief",
    "canton": "VD",
    "postcode": "1003",
    "locality": "Lausanne",
    "format": "in_person",
    "audience": "affected",
    "led_by": "peers",
    "status": "open",
    "frequency": "monthly",
    "weekday": "tue",
    "week_of_month": "2",
    "start_time": "19:00",
    "end_time": "21:00",
    "schedule_note": "",
    "contact_email": "",
    "centre": "vaud",
    "published": "yes",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """What rows refer to: cantons, a category with a theme, a centre."""
    category = CategoryFactory(slug="mental-health")
    return {
        "vd": CantonFactory(code="VD"),
        "ge": CantonFactory(code="GE"),
        "category": category,
        "grief": ThemeFactory(slug="grief", parent=category),
        "anxiety": ThemeFactory(slug="anxiety", parent=category),
        "centre": CentreFactory(slug="vaud"),
    }


def make_csv(*rows, header=HEADER):
    """CSV bytes with the header and one line per row (each a change to GOOD_ROW)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([{**GOOD_ROW, **row}.get(column, "") for column in header])
    return out.getvalue().encode()


def export_text(queryset=None):
    out = io.StringIO()
    if queryset is None:
        queryset = Group.objects.order_by("ref")
    write_groups_csv(queryset, out)
    return out.getvalue()


def snapshot():
    """Everything stored about groups and their themes, to prove an import changed nothing."""
    groups = list(Group.objects.order_by("pk").values())
    links = list(Group.themes.through.objects.order_by("pk").values_list("group_id", "theme_id"))
    return groups, links


def run_import_command(path):
    """The command's outcome: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_groups", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        err.write(str(exc))
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


# --- Round trip ---------------------------------------------------------------------------


@pytest.fixture
def varied_groups(world):
    """Groups covering every column: formats, schedules, publication states, escapes."""
    return [
        GroupFactory(
            ref="SH-A",
            name="Angehörige Sucht",
            description="=SUM(A1) is not a formula here;\nsecond line, with a comma",
            languages=["de", "fr"],
            themes=[world["grief"], world["category"]],
            canton=world["vd"],
            centre=world["centre"],
            frequency=Frequency.MONTHLY,
            weekday="wed",
            week_of_month="last",
            start_time=datetime.time(18, 30),
            end_time=datetime.time(20, 0),
            schedule_note="Ausser im August",
            contact_email="kontakt@example.org",
            publication=Publication.PUBLISHED,
        ),
        GroupFactory(
            ref="SH-B",
            name="Online anxiety circle",
            description="- we meet online\n- bring tea",
            languages=["en"],
            themes=[world["anxiety"]],
            format=Format.ONLINE,
            canton=None,
            postcode="",
            locality="",
            audience="both",
            led_by="professionals",
            status="forming",
            frequency=Frequency.IRREGULAR,
            weekday="",
            week_of_month="",
            start_time=None,
            end_time=None,
            schedule_note="@ announced by email",
            publication=Publication.DRAFT,
        ),
        GroupFactory(
            ref="SH-C",
            name="'=quoted on purpose",
            description="+41 is a phone prefix",
            languages=["it", "rm"],
            themes=[world["grief"]],
            canton=world["ge"],
            postcode="1201",
            locality="Genève",
            format=Format.HYBRID,
            frequency=Frequency.WEEKLY,
            weekday="fri",
            week_of_month="",
            status="full",
            publication=Publication.PENDING,
        ),
        GroupFactory(ref="SH-D", themes=[world["grief"]], publication=Publication.ARCHIVED),
    ]


def test_round_trip_after_wiping_gives_the_same_file_and_fields(varied_groups):
    exported = export_text()
    Group.objects.all().delete()

    result = import_groups_csv(exported.encode())

    assert result.errors == []
    assert (result.created, result.updated) == (4, 0)
    assert export_text() == exported
    a = Group.objects.get(ref="SH-A")
    assert a.name == "Angehörige Sucht"
    assert a.description == "=SUM(A1) is not a formula here;\nsecond line, with a comma"
    assert a.languages == ["de", "fr"]
    assert {t.slug for t in a.themes.all()} == {"grief", "mental-health"}
    assert (a.canton.code, a.postcode, a.locality) == ("VD", "1003", "Lausanne")
    assert (a.frequency, a.weekday, a.week_of_month) == ("monthly", "wed", "last")
    assert (a.start_time, a.end_time) == (datetime.time(18, 30), datetime.time(20))
    assert (a.schedule_note, a.contact_email) == ("Ausser im August", "kontakt@example.org")
    assert a.centre.slug == "vaud"
    assert a.publication == Publication.PUBLISHED
    b = Group.objects.get(ref="SH-B")
    assert b.description == "- we meet online\n- bring tea"
    assert b.schedule_note == "@ announced by email"
    assert (b.canton, b.postcode, b.locality, b.start_time) == (None, "", "", None)
    assert (b.audience, b.led_by, b.status) == ("both", "professionals", "forming")
    assert Group.objects.get(ref="SH-C").name == "'=quoted on purpose"
    assert Group.objects.get(ref="SH-C").description == "+41 is a phone prefix"
    # "no" cannot tell a pending or archived group from a draft once the group is gone.
    assert Group.objects.get(ref="SH-D").publication == Publication.DRAFT


def test_round_trip_over_modified_groups_restores_them_and_keeps_their_state(varied_groups):
    exported = export_text()
    a, b, *_others = varied_groups
    Group.objects.filter(ref="SH-A").update(name="Changed", languages=["fr"], end_time=None)
    a.themes.set([b.themes.get()])
    Group.objects.filter(ref="SH-C").update(description="changed", format=Format.IN_PERSON)
    before = Group.objects.count()

    result = import_groups_csv(exported.encode())

    assert (result.created, result.updated, result.unchanged) == (0, 2, 2)
    assert Group.objects.count() == before
    assert export_text() == exported
    assert Group.objects.get(ref="SH-C").publication == Publication.PENDING
    assert Group.objects.get(ref="SH-D").publication == Publication.ARCHIVED
    assert Group.objects.get(pk=a.pk).slug == a.slug  # a URL stays put


def test_reimport_with_known_ref_updates_and_does_not_duplicate(world):
    created = import_groups_csv(make_csv({"ref": "SH-TEST1"}))
    assert (created.created, created.updated) == (1, 0)
    group = Group.objects.get(ref="SH-TEST1")
    first_update = group.updated_at

    changed = import_groups_csv(
        make_csv(
            {
                "ref": "SH-TEST1",
                "name": "Deuil Genève",
                "themes": "anxiety;mental-health",
                "language": "de;fr",
                "canton": "GE",
                "published": "no",
            }
        )
    )

    assert (changed.created, changed.updated) == (0, 1)
    assert Group.objects.count() == 1
    group.refresh_from_db()
    assert group.name == "Deuil Genève"
    assert group.languages == ["de", "fr"]
    assert group.canton == world["ge"]
    assert {t.slug for t in group.themes.all()} == {"anxiety", "mental-health"}
    assert group.publication == Publication.DRAFT
    assert group.updated_at > first_update

    again = import_groups_csv(
        make_csv(
            {
                "ref": "SH-TEST1",
                "name": "Deuil Genève",
                "themes": "mental-health;anxiety",
                "language": "de;fr",
                "canton": "GE",
                "published": "no",
            }
        )
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_an_update_can_empty_the_place_centre_and_times(world):
    group = GroupFactory(ref="SH-GO", centre=world["centre"], themes=[world["grief"]])
    row = {
        "ref": "SH-GO",
        "format": "online",
        "canton": "",
        "postcode": "",
        "locality": "",
        "centre": "",
        "frequency": "irregular",
        "weekday": "",
        "week_of_month": "",
        "start_time": "",
        "end_time": "",
        "language": "it;de;fr",
    }

    assert import_groups_csv(make_csv(row)).updated == 1

    group.refresh_from_db()
    assert (group.canton, group.postcode, group.locality, group.centre) == (None, "", "", None)
    assert (group.frequency, group.weekday, group.start_time, group.end_time) == (
        "irregular",
        "",
        None,
        None,
    )
    assert group.languages == ["it", "de", "fr"]
    assert group.last_confirmed is not None  # columns the CSV does not hold are kept


def test_published_no_keeps_a_pending_or_archived_state_and_unpublishes_to_draft(world):
    pending = GroupFactory(ref="SH-P", publication=Publication.PENDING)
    archived = GroupFactory(ref="SH-AR", publication=Publication.ARCHIVED)
    published = GroupFactory(ref="SH-PU", publication=Publication.PUBLISHED)
    draft = GroupFactory(ref="SH-DR", publication=Publication.DRAFT)

    result = import_groups_csv(
        make_csv(
            {"ref": "SH-P", "published": "no"},
            {"ref": "SH-AR", "published": "no"},
            {"ref": "SH-PU", "published": "no"},
            {"ref": "SH-DR", "published": "yes"},
        )
    )

    assert result.ok
    states = dict(Group.objects.values_list("ref", "publication"))
    assert states[pending.ref] == Publication.PENDING
    assert states[archived.ref] == Publication.ARCHIVED
    assert states[published.ref] == Publication.DRAFT
    assert states[draft.ref] == Publication.PUBLISHED


def test_empty_ref_gets_a_new_one_and_same_names_get_distinct_slugs(world):
    GroupFactory(name="Deuil", locality="Lausanne", slug="deuil-lausanne")

    result = import_groups_csv(
        make_csv({"ref": "", "name": "Deuil"}, {"ref": "", "name": "Deuil"}, {"ref": "SH-X"})
    )

    assert result.created == 3
    new = Group.objects.exclude(slug="deuil-lausanne").filter(name="Deuil")
    refs = [group.ref for group in new]
    assert len(refs) == 2 and all(ref.startswith("SH-") for ref in refs)
    assert len(set(refs)) == 2
    assert len(set(Group.objects.values_list("slug", flat=True))) == 4
    # The name already says the locality: it is not repeated; the slug is taken: the reference.
    assert Group.objects.get(ref="SH-X").slug == "deuil-lausanne-sh-x"


def test_online_group_may_leave_the_place_empty(world):
    row = {"format": "online", "canton": "", "postcode": "", "locality": "", "centre": ""}

    result = import_groups_csv(make_csv(row))

    assert result.ok, result.errors
    group = Group.objects.get(ref="SH-NEW1")
    assert (group.canton, group.postcode, group.locality, group.centre) == (None, "", "", None)
    assert group.format == Format.ONLINE


def test_lenient_spelling_of_codes_and_seconds_in_times(world):
    row = {"canton": "vd", "format": "In_Person", "published": "YES", "start_time": "9:05:00"}

    result = import_groups_csv(make_csv(row))

    assert result.ok, result.errors
    group = Group.objects.get()
    assert (group.canton.code, group.start_time) == ("VD", datetime.time(9, 5))


def test_a_byte_order_mark_is_accepted(world):
    result = import_groups_csv(b"\xef\xbb\xbf" + make_csv({}))
    assert result.ok and result.created == 1


def test_imported_groups_are_in_the_search_index(world):
    import_groups_csv(make_csv({}))
    assert Group.objects.get().search_vector is not None


def test_dry_run_counts_but_changes_nothing(world):
    GroupFactory(ref="SH-OLD", themes=[world["grief"]])
    before = snapshot()

    result = import_groups_csv(make_csv({}, {"ref": "SH-OLD", "name": "New"}), dry_run=True)

    assert (result.created, result.updated) == (1, 1)
    assert snapshot() == before


def test_progress_reports_rows_up_to_the_total(world, monkeypatch):
    monkeypatch.setattr(groups_csv, "IMPORT_CHUNK", 2)
    calls = []

    rows = [{"ref": f"SH-{n}"} for n in range(5)]

    import_groups_csv(make_csv(*rows), progress=lambda done, total: calls.append((done, total)))

    assert calls[-1] == (10, 10)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)


# --- Bad rows: every problem named, nothing changed ---------------------------------------

BAD_ROWS = [
    ({"themes": "grief;nope"}, "themes", "no theme has the slug 'nope'"),
    ({"themes": ""}, "themes", "at least one theme"),
    ({"canton": "XX"}, "canton", "'XX' is not a Swiss canton code"),
    ({"format": "zoom"}, "format", "'zoom' is not allowed; use one of: in_person, online, hybrid"),
    ({"audience": "all"}, "audience", "use one of: affected, relatives, both"),
    ({"led_by": "robots"}, "led_by", "use one of: peers, professionals"),
    ({"status": "closed"}, "status", "use one of: open, forming, full"),
    ({"frequency": "daily"}, "frequency", "weekly, every_two_weeks, monthly, irregular"),
    ({"weekday": "monday"}, "weekday", "mon, tue, wed, thu, fri, sat, sun"),
    ({"week_of_month": "5"}, "week_of_month", "use one of: 1, 2, 3, 4, last"),
    ({"language": "fr;xx"}, "language", "'xx' is not a language code; use: fr, de, it, en, rm"),
    ({"language": ""}, "language", "this cell is empty"),
    ({"name": ""}, "name", "this cell is empty; it is required"),
    ({"description": "  "}, "description", "this cell is empty; it is required"),
    ({"name": "x" * 201}, "name", "201 characters; at most 200"),
    ({"name": "nul\x00name"}, "name", "NUL character"),
    ({"postcode": "123"}, "postcode", "'123' is not a Swiss postcode"),
    ({"postcode": "0123"}, "postcode", "four digits"),
    ({"postcode": "12345"}, "postcode", "four digits"),
    ({"canton": ""}, "canton", "may only be empty for an online group (format is in_person)"),
    ({"postcode": "", "format": "hybrid"}, "postcode", "may only be empty for an online group"),
    ({"locality": ""}, "locality", "may only be empty for an online group"),
    (
        {"frequency": "weekly", "weekday": "", "week_of_month": ""},
        "weekday",
        "may only be empty when frequency is irregular",
    ),
    (
        {"frequency": "irregular", "weekday": "mon", "week_of_month": ""},
        "weekday",
        "an irregular group has no weekday",
    ),
    (
        {"frequency": "weekly", "week_of_month": "2"},
        "week_of_month",
        "only a monthly group has a week of the month",
    ),
    ({"start_time": "7pm"}, "start_time", "'7pm' is not a time; write it as HH:MM"),
    ({"end_time": "25:00"}, "end_time", "is not a time"),
    ({"start_time": "20:00", "end_time": "19:00"}, "end_time", "must end after it starts"),
    ({"start_time": "20:00", "end_time": "20:00"}, "end_time", "must end after it starts"),
    ({"contact_email": "not-an-email"}, "contact_email", "'not-an-email' is not an email"),
    ({"centre": "nowhere"}, "centre", "no centre has the slug 'nowhere'"),
    ({"published": "maybe"}, "published", "'maybe' is not allowed; use yes or no"),
    ({"published": ""}, "published", "use yes or no"),
]


@pytest.fixture
def existing(world):
    return GroupFactory(ref="SH-OLD", name="Old name", themes=[world["grief"]])


@pytest.mark.parametrize(("bad", "column", "message"), BAD_ROWS)
def test_a_bad_row_is_named_and_nothing_changes(existing, tmp_path, bad, column, message):
    # Line 2 updates a group and line 3 creates one: both valid, both must not happen.
    data = make_csv({"ref": "SH-OLD", "name": "New name"}, {}, {"ref": "SH-BAD", **bad})
    before = snapshot()

    result = import_groups_csv(data)

    assert [(e.line, e.column) for e in result.errors] == [(4, column)]
    assert message in result.errors[0].message
    assert (result.created, result.updated) == (0, 0)
    assert snapshot() == before
    assert Group.objects.get(ref="SH-OLD").name == "Old name"

    path = tmp_path / "groups.csv"
    path.write_bytes(data)
    status, out, err = run_import_command(path)
    assert status == 1
    assert f"line 4, column {column}: " in err
    assert "nothing was imported" in err
    assert out == ""
    assert snapshot() == before


def test_every_problem_of_every_row_is_reported(existing):
    data = make_csv(
        {"ref": "SH-1", "canton": "XX", "postcode": "12", "start_time": "later"},
        {"ref": "SH-2"},
        {"ref": "SH-3", "themes": "nope", "published": "perhaps"},
    )

    errors = import_groups_csv(data).errors

    assert [(e.line, e.column) for e in errors] == [
        (2, "canton"),
        (2, "postcode"),
        (2, "start_time"),
        (4, "themes"),
        (4, "published"),
    ]
    assert str(errors[0]) == "line 2, column canton: 'XX' is not a Swiss canton code"
    assert Group.objects.count() == 1


def test_a_ref_twice_in_one_file_is_an_error(existing):
    before = snapshot()

    errors = import_groups_csv(make_csv({"ref": "SH-OLD"}, {}, {"ref": "SH-OLD"})).errors

    assert errors == [
        groups_csv.RowError(4, "ref", "the reference 'SH-OLD' is already used on line 2")
    ]
    assert snapshot() == before


def test_a_line_with_too_few_cells_is_an_error(existing):
    data = make_csv({}) + b"SH-SHORT,Only a name\r\n"
    before = snapshot()

    errors = import_groups_csv(data).errors

    assert [(e.line, e.column) for e in errors] == [(3, "")]
    assert "this line has 2 cells; the header has 21" in str(errors[0])
    assert snapshot() == before


def test_blank_lines_are_skipped_but_counted(world):
    header, first, second, _end = make_csv({}, {"ref": "SH-2", "canton": "ZZ"}).split(b"\r\n")
    data = b"\r\n".join([header, first, b"", b"," * 20, second, b""])

    errors = import_groups_csv(data).errors

    assert [(e.line, e.column) for e in errors] == [(5, "canton")]


def test_broken_encoding_is_one_error_naming_the_line(existing, tmp_path):
    text = make_csv({}, {"ref": "SH-2", "locality": "Neuchâtel", "name": "Deuil à Neuchâtel"})
    data = text.decode().encode("latin-1")
    before = snapshot()

    errors = import_groups_csv(data).errors

    assert len(errors) == 1
    assert (errors[0].line, errors[0].column) == (3, "name")
    assert "not UTF-8" in errors[0].message
    assert snapshot() == before
    path = tmp_path / "latin1.csv"
    path.write_bytes(data)
    status, _out, err = run_import_command(path)
    assert status == 1 and "line 3, column name:" in err


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ([c for c in HEADER if c != "canton"], "the header lacks the columns: canton"),
        ([*HEADER, "colour"], "the header has unknown columns: colour"),
        (["name", "ref", *HEADER[2:]], "the columns are not in the expected order"),
        ([*HEADER[:-1], "ref"], "the header names these columns twice: ref"),
    ],
)
def test_a_wrong_header_is_a_clear_error(existing, header, expected):
    before = snapshot()

    errors = import_groups_csv(make_csv({}, header=header)).errors

    assert expected in [e.message for e in errors]
    assert all(e.line == 1 for e in errors)
    assert "the header must be exactly: ref,name,description," in str(errors[-1])
    assert snapshot() == before


def test_an_empty_file_is_a_clear_error(db):
    errors = import_groups_csv(b"").errors
    assert len(errors) == 1 and "the file is empty" in str(errors[0])


def test_a_database_refusal_the_checks_missed_is_reported_not_raised(existing, monkeypatch):
    # Pretend the schedule checks forgot a rule: the model's constraint must still name the row.
    monkeypatch.setattr(groups_csv, "_check_schedule", lambda row, values: None)
    before = snapshot()

    result = import_groups_csv(
        make_csv({}, {"ref": "SH-2", "frequency": "weekly", "weekday": "", "week_of_month": ""})
    )

    assert [(e.line, e.message) for e in result.errors] == [
        (3, "A regular group meets on a weekday; an irregular one has none.")
    ]
    assert snapshot() == before


def test_a_database_refusal_no_row_explains_is_still_an_error_not_a_crash(existing, monkeypatch):
    monkeypatch.setattr(groups_csv, "_check_place", lambda row, values: None)
    monkeypatch.setattr(groups_csv, "_model_errors", lambda records: [])
    before = snapshot()

    errors = import_groups_csv(make_csv({"canton": ""})).errors

    assert len(errors) == 1 and errors[0].line is None
    assert str(errors[0]).startswith("the database refused the import: ")
    assert "group_in_person_has_place" in str(errors[0])
    assert snapshot() == before


def test_the_command_exits_with_status_1_from_the_command_line(
    existing, tmp_path, capsys, monkeypatch
):
    # run_from_argv closes the connections when done: keep the test's transaction alive.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = tmp_path / "bad.csv"
    path.write_bytes(make_csv({"canton": "XX"}))

    with pytest.raises(SystemExit) as exit_info:
        ImportCommand().run_from_argv(["manage.py", "import_groups", str(path)])

    assert exit_info.value.code == 1
    assert "line 2, column canton: 'XX' is not a Swiss canton code" in capsys.readouterr().err
    assert Group.objects.count() == 1


def test_the_command_imports_and_counts(existing, tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(make_csv({"ref": "SH-OLD", "name": "Renamed"}, {}))

    status, out, _err = run_import_command(path)

    assert status == 0
    assert "Created 1 groups, updated 1, 0 unchanged." in out
    assert Group.objects.get(ref="SH-OLD").name == "Renamed"


def test_the_command_names_a_missing_file(db, tmp_path):
    status, _out, err = run_import_command(tmp_path / "missing.csv")
    assert status == 1 and "Cannot read" in err


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_bar_shows_on_a_terminal_for_large_imports_only():
    large, small = Terminal(), Terminal()
    for stream, rows in ((large, 5000), (small, 800)):
        bar = ProgressBar(stream)
        bar(rows, rows * 2)
        bar(rows * 2, rows * 2)
        bar.close()

    assert "10000/10000" in large.getvalue()
    assert small.getvalue() == ""


# --- Export -------------------------------------------------------------------------------


def exported_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_export_escapes_cells_a_spreadsheet_would_run_as_formulas(world):
    GroupFactory(
        ref="SH-F",
        name='=HYPERLINK("http://evil")',
        description="+1 more",
        schedule_note="@mention",
        contact_email="-x@example.org",
        locality="\tTabbed",
    )
    GroupFactory(ref="SH-Q", name="'=already quoted", description="Plain 'quote'")

    header, *rows = exported_rows(export_text())

    assert header == HEADER
    cells = dict(zip(HEADER, rows[0], strict=True))
    assert cells["name"] == '\'=HYPERLINK("http://evil")'
    assert cells["description"] == "'+1 more"
    assert cells["schedule_note"] == "'@mention"
    assert cells["contact_email"] == "'-x@example.org"
    assert cells["locality"] == "'\tTabbed"
    quoted = dict(zip(HEADER, rows[1], strict=True))
    assert quoted["name"] == "''=already quoted"
    assert quoted["description"] == "Plain 'quote'"


@pytest.mark.parametrize(
    "value", ["=1+1", "+41", "-", "@x", "\tx", "\rx", "'=x", "''-x", "'plain", "plain", "", "'"]
)
def test_escaping_round_trips(value):
    assert unescape_cell(escape_cell(value)) == value
    assert not escape_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_export_writes_languages_themes_and_publication_as_in_the_format(varied_groups):
    rows = {row[0]: dict(zip(HEADER, row, strict=True)) for row in exported_rows(export_text())}

    assert rows["SH-A"]["language"] == "de;fr"
    assert rows["SH-A"]["themes"] == "grief;mental-health"
    assert (rows["SH-A"]["start_time"], rows["SH-A"]["end_time"]) == ("18:30", "20:00")
    assert (rows["SH-A"]["centre"], rows["SH-A"]["published"]) == ("vaud", "yes")
    assert (rows["SH-B"]["canton"], rows["SH-B"]["start_time"]) == ("", "")
    assert rows["SH-C"]["published"] == "no"


def test_export_to_a_binary_file_writes_utf8_with_an_optional_bom(varied_groups):
    out = io.BytesIO()
    write_groups_csv(Group.objects.all(), out, bom=True)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbfref,name,")
    assert "Angehörige".encode() in data
    assert import_groups_csv(data).ok


def test_export_queries_do_not_grow_with_the_number_of_groups(world):
    GroupFactory(themes=[world["grief"], world["anxiety"]])
    with CaptureQueriesContext(connection) as one:
        export_text(Group.objects.all())
    GroupFactory.create_batch(
        29, themes=[world["grief"], world["category"]], centre=world["centre"]
    )
    with CaptureQueriesContext(connection) as thirty:
        text = export_text(Group.objects.all())

    assert len(exported_rows(text)) == 31
    assert len(thirty) == len(one) == 2


def test_import_queries_do_not_grow_with_the_number_of_rows(world):
    def queries_for(count, prefix):
        rows = [{"ref": f"{prefix}{n}", "name": f"{prefix} {n}"} for n in range(count)]
        with CaptureQueriesContext(connection) as ctx:
            assert import_groups_csv(make_csv(*rows)).created == count
        return len(ctx)

    assert queries_for(3, "A") == queries_for(40, "B")


def test_export_command_writes_every_group_to_stdout(varied_groups):
    out = io.StringIO()

    call_command("export_groups", stdout=out)

    header, *rows = exported_rows(out.getvalue())
    assert header == HEADER
    assert sorted(row[0] for row in rows) == ["SH-A", "SH-B", "SH-C", "SH-D"]
    assert not out.getvalue().endswith("\n\n")


def test_export_command_writes_a_file_that_imports_back(varied_groups, tmp_path):
    path = tmp_path / "export.csv"

    call_command("export_groups", str(path), "--published-only", stdout=io.StringIO())

    _header, *rows = exported_rows(path.read_text(encoding="utf-8"))
    assert [row[0] for row in rows] == ["SH-A"]
    before = snapshot()
    result = import_groups_csv(path.read_bytes())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert snapshot() == before


def test_an_import_records_a_version_of_each_group_it_creates_or_changes(world, admin_user):
    import_groups_csv(make_csv({"ref": "SH-HIST"}), user=admin_user)
    group = Group.objects.get(ref="SH-HIST")
    import_groups_csv(make_csv({"ref": "SH-HIST", "name": "Deuil Genève", "themes": "anxiety"}))
    import_groups_csv(make_csv({"ref": "SH-HIST", "name": "Deuil Genève", "themes": "anxiety"}))

    versions = list(group.history.order_by("history_date", "history_id"))
    # Created (by the admin who uploaded), changed (from the command line), the same file
    # again: no version.
    assert [(v.history_type, v.history_user, v.history_change_reason) for v in versions] == [
        ("+", admin_user, history.IMPORTED),
        ("~", None, history.IMPORTED),
    ]
    changes = {change.field: change for change in history.group_entries(group)[0].changes}
    assert changes["name"].new == "Deuil Genève"
    assert changes["themes"].new == Theme.objects.get(slug="anxiety").name
