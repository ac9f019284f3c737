"""The themes CSV import: creates and updates, and on any bad row changes nothing."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from groups.management.commands.import_themes import Command as ImportThemesCommand
from groups.models import Theme, ThemeTerm
from groups.themes_csv import HEADER, import_themes
from tests.factories import CategoryFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MENTAL_HEALTH = [
    "mental-health", "", "Santé psychique", "Psychische Gesundheit", "Salute mentale",
    "Mental health", "santé mentale", "Psyche", "salute psichica", "",
]  # fmt: skip
DEPRESSION = [
    "depression", "mental-health", "Dépression", "Depression", "Depressione", "Depression",
    "déprime;dépressif", "depressiv;Schwermut", "depresso", "low mood",
]  # fmt: skip
BULIMIA = [
    "bulimia", "mental-health", "Boulimie", "Bulimie", "Bulimia", "Bulimia",
    " boulimie ; boulimique ;", "Bulimie;Ess-Brech-Sucht", "", "bulimic",
]  # fmt: skip

EATING_DISORDERS = [
    "eating-disorders", "", "Troubles alimentaires", "Essstörungen", "Disturbi alimentari",
    "Eating disorders", "", "", "", "",
]  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    # The reports are read in English here; the command speaks the active language.
    with translation.override("en"):
        yield


def csv_bytes(*rows, header=HEADER, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def with_cell(row, column, value):
    changed = list(row)
    changed[HEADER.index(column)] = value
    return changed


def snapshot():
    """Everything an import could change, to prove that a refused one changed nothing."""
    fields = ["slug", "parent__slug"] + [f"{name}_{lang}" for name in ("name", "synonyms")
                                         for lang in ("fr", "de", "it", "en")]  # fmt: skip
    return list(Theme.objects.order_by("slug").values_list(*fields))


@pytest.fixture
def taxonomy():
    """A category with one theme, as a curator would have them before an import."""
    category = CategoryFactory(
        slug="mental-health",
        name_fr="Santé psychique",
        name_de="Psychische Gesundheit",
        name_it="Salute mentale",
        name_en="Mental health",
        synonyms_fr="santé mentale",
        synonyms_de="Psyche",
        synonyms_it="salute psichica",
    )
    ThemeFactory(
        slug="depression",
        parent=category,
        name_fr="Dépression",
        name_de="Depression",
        name_it="Depressione",
        name_en="Depression",
        synonyms_fr="déprime",
    )
    return category


# --- What a good file does ---------------------------------------------------------


def test_import_creates_categories_and_themes():
    result = import_themes(csv_bytes(MENTAL_HEALTH, DEPRESSION, BULIMIA))

    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    bulimia = Theme.objects.get(slug="bulimia")
    assert bulimia.parent.slug == "mental-health"
    assert Theme.objects.get(slug="mental-health").parent is None
    names = (bulimia.name_fr, bulimia.name_de, bulimia.name_it, bulimia.name_en)
    assert names == ("Boulimie", "Bulimie", "Bulimia", "Bulimia")
    # Stray spaces and empty items around the semicolons are dropped.
    assert bulimia.synonyms_fr == "boulimie;boulimique"
    assert bulimia.synonym_list("de") == ["Bulimie", "Ess-Brech-Sucht"]


def test_imported_synonyms_become_search_terms():
    import_themes(csv_bytes(MENTAL_HEALTH, BULIMIA))

    terms = set(ThemeTerm.objects.filter(theme__slug="bulimia").values_list("term", flat=True))
    assert {"boulimie", "bulimie", "ess-brech-sucht", "bulimic"} <= terms


def test_reimporting_a_known_slug_updates_that_theme(taxonomy):
    depression = Theme.objects.get(slug="depression")
    renamed = with_cell(DEPRESSION, "name_de", "Depressionen")

    result = import_themes(csv_bytes(MENTAL_HEALTH, renamed))

    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    depression.refresh_from_db()
    assert depression.name_de == "Depressionen"
    assert depression.synonyms_fr == "déprime;dépressif"
    assert Theme.objects.count() == 2


def test_reimport_can_move_a_theme_to_another_category(taxonomy):
    CategoryFactory(slug="grief-and-loss")
    moved = with_cell(DEPRESSION, "parent", "grief-and-loss")

    assert import_themes(csv_bytes(moved)).updated == 1
    assert Theme.objects.get(slug="depression").parent.slug == "grief-and-loss"


def test_reimporting_the_same_file_writes_nothing(taxonomy):
    data = csv_bytes(MENTAL_HEALTH, DEPRESSION, BULIMIA)
    import_themes(data)

    with CaptureQueriesContext(connection) as queries:
        result = import_themes(data)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_a_byte_order_mark_is_accepted():
    data = "\ufeff".encode() + csv_bytes(MENTAL_HEALTH)

    assert import_themes(data).created == 1


def test_the_parent_may_be_a_category_already_in_the_database(taxonomy):
    result = import_themes(csv_bytes(BULIMIA))

    assert result.created == 1
    assert Theme.objects.get(slug="bulimia").parent == taxonomy


def test_blank_lines_are_skipped():
    data = csv_bytes(MENTAL_HEALTH, [""] * len(HEADER), DEPRESSION) + b"\n\n"

    assert import_themes(data).created == 2


# --- What a bad file does: reports where, changes nothing ------------------------------

BAD_FILES = {
    "wrong header": (
        csv_bytes(DEPRESSION, header=with_cell(HEADER, "name_fr", "nom_fr")),
        (1, ""),
        "name_fr",
    ),
    "latin-1 bytes": (
        csv_bytes(MENTAL_HEALTH, DEPRESSION, encoding="latin-1"),
        (2, ""),
        "UTF-8",
    ),
    "unknown parent": (
        csv_bytes(MENTAL_HEALTH, with_cell(BULIMIA, "parent", "mental")),
        (3, "parent"),
        "'mental' is not a known category",
    ),
    "missing name": (
        csv_bytes(MENTAL_HEALTH, DEPRESSION, with_cell(BULIMIA, "name_it", "")),
        (4, "name_it"),
        "name",
    ),
    "duplicate slug": (
        csv_bytes(MENTAL_HEALTH, BULIMIA, with_cell(BULIMIA, "name_en", "Bulimia nervosa")),
        (4, "slug"),
        "line 3",
    ),
    "bad slug": (
        csv_bytes(MENTAL_HEALTH, with_cell(BULIMIA, "slug", "Bulimia_Nervosa")),
        (3, "slug"),
        "'Bulimia_Nervosa' is not a valid slug",
    ),
    "empty slug": (
        csv_bytes(MENTAL_HEALTH, with_cell(BULIMIA, "slug", "")),
        (3, "slug"),
        "empty",
    ),
    "parent is a theme": (
        csv_bytes(MENTAL_HEALTH, DEPRESSION, with_cell(BULIMIA, "parent", "depression")),
        (4, "parent"),
        "'depression' is a theme",
    ),
    "own parent": (
        csv_bytes(MENTAL_HEALTH, with_cell(BULIMIA, "parent", "bulimia")),
        (3, "parent"),
        "its own category",
    ),
    "new category after its theme": (
        csv_bytes(with_cell(BULIMIA, "parent", "eating-disorders"), EATING_DISORDERS),
        (2, "parent"),
        "line 3",
    ),
    "category with themes put under another": (
        csv_bytes(with_cell(MENTAL_HEALTH, "parent", "wellbeing")),
        (2, "parent"),
        "themes of its own (depression)",
    ),
    "too few columns": (
        csv_bytes(MENTAL_HEALTH, DEPRESSION[:8]),
        (3, ""),
        "8 columns",
    ),
    "name too long": (
        csv_bytes(MENTAL_HEALTH, with_cell(BULIMIA, "name_fr", "B" * 121)),
        (3, "name_fr"),
        "120",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES.keys())
def test_a_bad_file_is_reported_by_line_and_column_and_changes_nothing(case, taxonomy):
    CategoryFactory(slug="wellbeing")
    before = snapshot()
    data, (line, column), words = BAD_FILES[case]

    result = import_themes(data)

    assert not result.ok
    assert (result.created, result.updated) == (0, 0)
    located = [error for error in result.errors if (error.line, error.column) == (line, column)]
    assert located, result.errors
    assert words in located[0].message
    assert snapshot() == before


def test_every_bad_row_is_reported_and_the_good_ones_are_not_applied(taxonomy):
    before = snapshot()
    data = csv_bytes(
        with_cell(DEPRESSION, "name_de", "Depressionen"),  # good, an update
        with_cell(BULIMIA, "parent", "mental"),
        ["anxiety", "mental-health", "Anxiété", "", "Ansia", "Anxiety", "", "", "", ""],
        with_cell(BULIMIA, "slug", "Bulimia!"),
    )

    result = import_themes(data)

    located = [(error.line, error.column) for error in result.errors]
    assert located == [(3, "parent"), (4, "name_de"), (5, "slug")]
    assert snapshot() == before


def test_a_category_whose_themes_leave_it_may_go_under_another(taxonomy):
    CategoryFactory(slug="wellbeing")
    data = csv_bytes(
        with_cell(MENTAL_HEALTH, "parent", "wellbeing"),
        with_cell(DEPRESSION, "parent", "wellbeing"),
    )

    assert import_themes(data).ok
    assert Theme.objects.get(slug="mental-health").parent.slug == "wellbeing"


def test_an_error_reads_as_plain_words():
    result = import_themes(csv_bytes(MENTAL_HEALTH, with_cell(BULIMIA, "parent", "mental")))

    assert [str(error) for error in result.errors] == [
        "line 3, column parent: 'mental' is not a known category."
    ]


# --- The command ------------------------------------------------------------------


def write(tmp_path, data):
    path = tmp_path / "themes.csv"
    path.write_bytes(data)
    return str(path)


def test_command_imports_and_says_what_it_did(tmp_path, taxonomy):
    path = write(tmp_path, csv_bytes(MENTAL_HEALTH, DEPRESSION, BULIMIA))
    out = io.StringIO()

    call_command("import_themes", path, stdout=out)

    assert "1 created, 1 updated, 1 unchanged" in out.getvalue()
    assert Theme.objects.filter(slug="bulimia").exists()


def test_command_lists_every_error_and_fails_without_changing_anything(tmp_path, taxonomy):
    before = snapshot()
    data = csv_bytes(
        with_cell(DEPRESSION, "name_de", "Depressionen"),
        with_cell(BULIMIA, "parent", "mental"),
        with_cell(BULIMIA, "slug", "Bulimia!"),
    )
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_themes", write(tmp_path, data), stderr=err)

    assert failure.value.returncode == 1
    assert "2 problems found; nothing was imported." in str(failure.value)
    lines = err.getvalue().splitlines()
    assert lines[0] == "line 3, column parent: 'mental' is not a known category."
    assert lines[1].startswith("line 4, column slug: 'Bulimia!' is not a valid slug")
    assert snapshot() == before


def test_command_exits_with_status_1_on_a_bad_file(tmp_path, taxonomy, monkeypatch, capsys):
    # run_from_argv is what manage.py calls; it closes the connections afterwards, which
    # would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = write(tmp_path, csv_bytes(with_cell(BULIMIA, "parent", "mental")))
    before = snapshot()

    with pytest.raises(SystemExit) as exit_:
        ImportThemesCommand().run_from_argv(["manage.py", "import_themes", path])

    assert exit_.value.code == 1
    assert "line 2, column parent" in capsys.readouterr().err
    assert snapshot() == before


def test_command_on_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError) as failure:
        call_command("import_themes", str(tmp_path / "nowhere.csv"))

    assert failure.value.returncode == 1
    assert "Cannot read" in str(failure.value)
    assert "nowhere.csv" in str(failure.value)
