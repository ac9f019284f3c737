"""The themes CSV import: all or nothing, every bad row reported in plain words.

Format (docs/data-formats.md): slug, parent, name_fr, name_de, name_it, name_en,
synonyms_fr, synonyms_de, synonyms_it, synonyms_en. `parent` is a category's slug or empty;
synonyms are separated by semicolons. Re-importing a known slug updates that theme.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .groups_csv import ImportResult, RowError
from .models import Theme
from .search.indexing import deferred_refresh, theme_changed

LANGUAGES = settings.SITE_LANGUAGES
NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)
SYNONYM_COLUMNS = tuple(f"synonyms_{lang}" for lang in LANGUAGES)
HEADER = ("slug", "parent", *NAME_COLUMNS, *SYNONYM_COLUMNS)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = Theme._meta.get_field("slug").max_length
NAME_MAX_LENGTH = Theme._meta.get_field("name_en").max_length


@dataclass(frozen=True)
class ThemeRow:
    line: int
    slug: str
    parent: str
    values: dict  # name_xx and synonyms_xx, cleaned, ready for the model


def import_themes(data: bytes, keep_existing=False) -> ImportResult:
    """Check the whole file, then apply it in one transaction only if nothing is wrong.

    keep_existing: add the themes that are new and leave known slugs as they are (what the
    reference data loader does by default, so that it never undoes a curator's edits).
    """
    rows, errors = parse(data)
    if rows is not None:
        errors += check_against_database(rows)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda error: error.line))
    return apply(rows, keep_existing)


# --- Reading the file -------------------------------------------------------------


def parse(data: bytes):
    """Rows and the errors found in each row alone. Rows are None when the file itself
    (encoding, header) cannot be read: row-by-row errors would then be noise."""
    try:
        # utf-8-sig: spreadsheets on Windows save "CSV UTF-8" with a byte order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = _(
            "the file is not UTF-8 text (unexpected byte 0x%(byte)02x). "
            "Save it again as “CSV UTF-8” and retry."
        ) % {"byte": data[error.start]}
        return None, [RowError(line, "", message)]

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        return None, [
            RowError(1, "", _("the header cannot be read (%(error)s).") % {"error": error})
        ]
    header_error = check_header(header)
    if header_error:
        return None, [header_error]

    rows, errors, first_line = [], [], {}
    line = reader.line_num + 1
    try:
        for cells in reader:
            errors += parse_row(line, cells, rows, first_line)
            line = reader.line_num + 1
    except csv.Error as error:
        errors.append(
            RowError(line, "", _("this line cannot be read (%(error)s).") % {"error": error})
        )
    return rows, errors


def check_header(header):
    cleaned = [cell.strip() for cell in header or []]
    if tuple(cleaned) == HEADER:
        return None
    if not cleaned:
        return RowError(1, "", _("the file is empty; the first line must be the header."))
    missing = [name for name in HEADER if name not in cleaned]
    unknown = [name for name in cleaned if name not in HEADER]
    details = []
    if missing:
        details.append(_("missing: %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        details.append(_("unexpected: %(names)s") % {"names": ", ".join(unknown)})
    if not details:
        details.append(_("the columns are in the wrong order"))
    return RowError(
        1,
        "",
        _("the header must be exactly “%(expected)s” (%(details)s).")
        % {"expected": ",".join(HEADER), "details": "; ".join(details)},
    )


def parse_row(line, cells, rows, first_line):
    """Check one row on its own. Every row with a slug of its own is kept, faulty or not,
    so that its themes are judged against what the curator meant (and not reported as
    having an unknown category); nothing is applied while there is any error anyway."""
    if not any(cell.strip() for cell in cells):
        return []  # blank lines, and the empty rows spreadsheets leave at the end
    if len(cells) != len(HEADER):
        message = _("this line has %(found)s columns; %(expected)s are expected.") % {
            "found": len(cells),
            "expected": len(HEADER),
        }
        return [RowError(line, "", message)]

    cell = dict(zip(HEADER, (value.strip() for value in cells), strict=True))
    errors = [RowError(line, column, message) for column, message in row_problems(cell)]
    slug = cell["slug"]
    if slug in first_line:
        errors.append(
            RowError(
                line,
                "slug",
                _("'%(slug)s' is already used on line %(other)s.")
                % {"slug": slug, "other": first_line[slug]},
            )
        )
    elif slug:
        first_line[slug] = line
        values = {column: cell[column] for column in NAME_COLUMNS}
        values.update({column: clean_synonyms(cell[column]) for column in SYNONYM_COLUMNS})
        rows.append(ThemeRow(line, slug, cell["parent"], values))
    return errors


def row_problems(cell):
    """(column, message) for what is wrong in a row regardless of the other rows."""
    slug, parent = cell["slug"], cell["parent"]
    if not slug:
        yield "slug", _("the slug is empty.")
    elif not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX_LENGTH:
        yield (
            "slug",
            _(
                "'%(slug)s' is not a valid slug: use lowercase letters a-z, digits and single "
                "hyphens, at most %(max)s characters (for example “eating-disorders”)."
            )
            % {"slug": slug, "max": SLUG_MAX_LENGTH},
        )
    if parent and parent == slug:
        yield "parent", _("a theme cannot be its own category.")
    for column in NAME_COLUMNS:
        if not cell[column]:
            yield column, _("the name is missing: every theme needs a name in all four languages.")
        elif len(cell[column]) > NAME_MAX_LENGTH:
            yield (
                column,
                _("the name is longer than %(max)s characters.") % {"max": NAME_MAX_LENGTH},
            )


def clean_synonyms(raw):
    """One canonical spelling, so that re-importing the same words changes nothing."""
    return ";".join(word.strip() for word in raw.split(";") if word.strip())


# --- Checking against the other rows and the database -----------------------------


def check_against_database(rows):
    """Errors that depend on other rows or on the themes already in the database."""
    in_file = {row.slug: row for row in rows}
    parents = {row.parent for row in rows if row.parent}
    known = dict(
        Theme.objects.filter(slug__in=parents | in_file.keys()).values_list("slug", "parent__slug")
    )
    db_children = {}
    for parent_slug, child_slug in Theme.objects.filter(
        parent__slug__in=[row.slug for row in rows if row.parent]
    ).values_list("parent__slug", "slug"):
        db_children.setdefault(parent_slug, []).append(child_slug)

    errors = []
    for row in rows:
        if not row.parent or row.parent == row.slug:  # the latter is reported already
            continue
        message = parent_problem(row, in_file, known)
        if message is None:
            message = children_problem(row, in_file, db_children)
        if message:
            errors.append(RowError(row.line, "parent", message))
    return errors


def parent_problem(row, in_file, known):
    """Why `row.parent` cannot be this theme's category, or None. The file wins over the
    database: a category the file turns into a theme can no longer hold themes."""
    parent = row.parent
    if parent in in_file:
        defined = in_file[parent]
        if defined.parent:
            return _("'%(parent)s' is a theme (line %(line)s), not a category.") % {
                "parent": parent,
                "line": defined.line,
            }
        is_known_category = parent in known and known[parent] is None
        if defined.line > row.line and not is_known_category:
            return _(
                "the category '%(parent)s' is new and comes later, on line %(line)s: "
                "put each category before its themes."
            ) % {"parent": parent, "line": defined.line}
        return None
    if parent not in known:
        return _("'%(parent)s' is not a known category.") % {"parent": parent}
    if known[parent] is not None:
        return _("'%(parent)s' is a theme, not a category.") % {"parent": parent}
    return None


def children_problem(row, in_file, db_children):
    """A category with themes cannot itself go under a category: there are two levels."""
    staying = [
        child
        for child in db_children.get(row.slug, [])
        if child not in in_file or in_file[child].parent == row.slug
    ]
    if not staying:
        return None
    return _(
        "'%(slug)s' is a category with themes of its own (%(children)s); it cannot go "
        "under another category."
    ) % {"slug": row.slug, "children": ", ".join(sorted(staying))}


# --- Applying ------------------------------------------------------------------------


def apply(rows, keep_existing=False):
    # Saving themes refreshes search terms through signals: deferred, that happens once.
    with transaction.atomic(), deferred_refresh():
        return save_rows(rows, keep_existing)


def save_rows(rows, keep_existing=False):
    result = ImportResult()
    slugs = {row.slug for row in rows} | {row.parent for row in rows if row.parent}
    themes = Theme.objects.in_bulk(list(slugs), field_name="slug")
    created = []
    # Categories first, so that every theme finds its category whatever the file's order.
    for level in ([row for row in rows if not row.parent], [row for row in rows if row.parent]):
        new = []
        for row in level:
            values = {**row.values, "parent_id": themes[row.parent].pk if row.parent else None}
            theme = themes.get(row.slug)
            if theme is None:
                new.append(Theme(slug=row.slug, **values))
            elif keep_existing:
                result.unchanged += 1
            elif update(theme, values):
                result.updated += 1
            else:
                result.unchanged += 1
        # One INSERT per level: loading a whole taxonomy on a fresh database takes a blink.
        for theme in Theme.objects.bulk_create(new):
            themes[theme.slug] = theme
            created.append(theme.pk)
    result.created = len(created)
    if created:
        theme_changed(created)  # bulk_create sends no post_save signal: tell search ourselves
    return result


def update(theme, values):
    """Save only what differs: an unchanged re-import writes nothing (and triggers nothing)."""
    changed = [name for name, value in values.items() if current(theme, name) != value]
    for name in changed:
        setattr(theme, name, values[name])
    if changed:
        theme.save()
    return bool(changed)


def current(theme, name):
    if name == "parent_id":
        return theme.parent_id
    # Translated columns are nullable; an empty cell and a NULL mean the same thing.
    return getattr(theme, name) or ""
