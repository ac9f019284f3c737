"""Groups CSV: export and all-or-nothing import (the format: docs/data-formats.md).

Line numbers in import errors count records the way a spreadsheet counts rows: the header is
line 1, the first group line 2. They match a text editor's line numbers as long as no cell
holds a line break (a multi-paragraph description is one row in a spreadsheet but several
lines in an editor; curators read these files in spreadsheets).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from selfhelp.pagecache import content_changed

from . import history
from .models import (
    POSTCODE_PATTERN,
    Audience,
    Canton,
    Centre,
    Format,
    Frequency,
    Group,
    GroupLanguage,
    LedBy,
    MembershipStatus,
    Publication,
    Theme,
    Weekday,
    WeekOfMonth,
    group_slug_base,
    new_group_ref,
    unique_group_slug,
)
from .search import indexing

# The columns of the file, in order, each with the model field the import writes from it
# (None: the reference identifies the group, the themes are links written apart). Fields that
# are not columns (meeting place, cost, facilitators...) are kept as they are by an import.
COLUMNS = [
    ("ref", None),
    ("name", "name"),
    ("description", "description"),
    ("language", "languages"),
    ("themes", None),
    ("canton", "canton"),
    ("postcode", "postcode"),
    ("locality", "locality"),
    ("format", "format"),
    ("audience", "audience"),
    ("led_by", "led_by"),
    ("status", "status"),
    ("frequency", "frequency"),
    ("weekday", "weekday"),
    ("week_of_month", "week_of_month"),
    ("start_time", "start_time"),
    ("end_time", "end_time"),
    ("schedule_note", "schedule_note"),
    ("contact_email", "contact_email"),
    ("centre", "centre"),
    ("published", "publication"),
]
HEADER = [column for column, _field in COLUMNS]
UPDATED_FIELDS = [field for _column, field in COLUMNS if field] + ["updated_at"]
# Model field name -> CSV column, for errors the model itself reports.
FIELD_COLUMNS = {field: column for column, field in COLUMNS if field} | {"__all__": ""}
LIST_SEPARATOR = ";"
YES, NO = "yes", "no"

# A spreadsheet runs a cell starting with one of these as a formula (or strips the tab/CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

EXPORT_CHUNK = 2000
IMPORT_CHUNK = 1000

# The description keeps its exact text (line breaks, indentation); other cells are trimmed.
UNTRIMMED_COLUMNS = {"description"}
POSTCODE_RE = re.compile(POSTCODE_PATTERN)
TIME_RE = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(:00)?$")
# Bytes that are not UTF-8 come out of a "surrogateescape" decode as lone surrogates.
UNDECODABLE_RE = re.compile("[\udc80-\udcff]")


def escape_cell(value):
    """Make a cell safe to open in a spreadsheet; `unescape_cell` gives the value back.

    Leading quotes count too, so that a value which really starts with "'=" survives the round
    trip: it is written "''=" and read back with exactly one quote removed.
    """
    return ESCAPE + value if value.lstrip(ESCAPE).startswith(FORMULA_STARTS) else value


def unescape_cell(value):
    if value.startswith(ESCAPE) and value.lstrip(ESCAPE).startswith(FORMULA_STARTS):
        return value[1:]
    return value


# --- Export ----------------------------------------------------------------------------------


def _format_time(value):
    return value.strftime("%H:%M") if value else ""


def group_cells(group):
    """One group as the unescaped cells of a CSV row, in HEADER order."""
    return [
        group.ref,
        group.name,
        group.description,
        LIST_SEPARATOR.join(group.languages),
        LIST_SEPARATOR.join(theme.slug for theme in group.csv_themes),
        group.canton.code if group.canton else "",
        group.postcode,
        group.locality,
        group.format,
        group.audience,
        group.led_by,
        group.status,
        group.frequency,
        group.weekday,
        group.week_of_month,
        _format_time(group.start_time),
        _format_time(group.end_time),
        group.schedule_note,
        group.contact_email,
        group.centre.slug if group.centre else "",
        YES if group.publication == Publication.PUBLISHED else NO,
    ]


class _Echo:
    """A file-like target for csv.writer that hands each formatted row back."""

    def write(self, value):
        return value


def iter_groups_csv(queryset, *, bom=False):
    """The CSV text of these groups, one row (str) at a time: for streaming responses too.

    Queries: one for the groups with canton and centre, one per EXPORT_CHUNK groups for themes.
    """
    writer = csv.writer(_Echo())
    if bom:
        yield "\ufeff"
    yield writer.writerow(HEADER)
    # to_attr keeps this prefetch apart from any "themes" prefetch the caller's queryset has.
    themes = Prefetch("themes", queryset=Theme.objects.order_by("slug"), to_attr="csv_themes")
    groups = queryset.select_related("canton", "centre").prefetch_related(themes)
    for group in groups.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow([escape_cell(cell) for cell in group_cells(group)])


def write_groups_csv(queryset, fileobj, *, bom=False):
    """Write the header and one row per group of `queryset` to `fileobj`.

    `fileobj` takes text (an HttpResponse, a file opened with newline="") or bytes (written as
    UTF-8). `bom=True` starts with a byte-order mark, which Excel needs to read UTF-8.
    """
    binary = isinstance(fileobj, io.RawIOBase | io.BufferedIOBase)
    stream = io.TextIOWrapper(fileobj, encoding="utf-8", newline="") if binary else fileobj
    for line in iter_groups_csv(queryset, bom=bom):
        stream.write(line)
    if binary:
        stream.flush()
        stream.detach()  # leave the caller's file open


# --- Import: results and errors ----------------------------------------------------------------


class RowError(NamedTuple):
    """One problem of an import: the line (None for the whole file), the column ("" for the
    whole line) and what is wrong, in plain words."""

    line: int | None
    column: str
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        if not self.column:
            return _("line %(line)d: %(message)s") % self._asdict()
        return _("line %(line)d, column %(column)s: %(message)s") % self._asdict()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # (ref, name) of each group created or changed, in file order: what a preview shows.
    created_groups: list[tuple[str, str]] = field(default_factory=list)
    changed_groups: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


@dataclass
class _Record:
    """A valid CSV row, as model values."""

    line: int
    ref: str
    values: dict
    theme_ids: list
    published: bool


def _shown(value, limit=40):
    """A cell's value as quoted in a message, cut short if someone pasted a paragraph."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _allowed(values):
    """A list of values for a message; takes a TextChoices class too."""
    return ", ".join(getattr(values, "values", values))


# --- Import: reading the file --------------------------------------------------------------------


def _read_bytes(source):
    data = source.read() if hasattr(source, "read") else source
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _records(text):
    """Every record of the file with its line number; a csv.Error becomes a RowError."""
    records = []
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 0
    try:
        for line, cells in enumerate(reader, start=1):
            records.append((line, cells))
    except csv.Error as exc:
        return records, [RowError(line + 1, "", _("this line cannot be read: %s") % exc)]
    return records, []


def _undecodable(records):
    """The first cell holding bytes that are not UTF-8, as one error (a Latin-1 file would
    otherwise give one error per accented letter; saving it again as UTF-8 fixes them all)."""
    header = records[0][1]
    for line, cells in records:
        for index, cell in enumerate(cells):
            if UNDECODABLE_RE.search(cell):
                column = header[index] if index < len(header) and line > 1 else ""
                message = _(
                    "this is not UTF-8 text (the file may have been saved as Latin-1 or "
                    "Windows-1252); save it as UTF-8 and import it again"
                )
                return [RowError(line, UNDECODABLE_RE.sub("?", column), message)]
    return []


def _header_errors(header):
    header = [name.strip() for name in header]
    if header == HEADER:
        return []
    missing = [name for name in HEADER if name not in header]
    unknown = [name for name in header if name not in HEADER]
    twice = sorted({name for name in header if header.count(name) > 1})
    errors = []
    if missing:
        errors.append(_("the header lacks the columns: %s") % _allowed(missing))
    if unknown:
        errors.append(_("the header has unknown columns: %s") % _allowed(unknown))
    if twice:
        errors.append(_("the header names these columns twice: %s") % _allowed(twice))
    if not errors:
        errors.append(_("the columns are not in the expected order"))
    errors.append(_("the header must be exactly: %s") % ",".join(HEADER))
    return [RowError(1, "", message) for message in errors]


def _parse(source):
    """The data records of the file, or the errors that stop the import before any row."""
    text = _read_bytes(source).decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    records, errors = _records(text)
    if not records and not errors:
        message = _("the file is empty; it needs the header line: %s") % ",".join(HEADER)
        return [], [RowError(1, "", message)]
    errors = errors or _undecodable(records) or _header_errors(records[0][1])
    rows = [(line, cells) for line, cells in records[1:] if any(c.strip() for c in cells)]
    return rows, errors


# --- Import: checking each row -----------------------------------------------------------------


@dataclass
class _Lookups:
    """Slugs and codes the rows refer to, fetched once for the whole file."""

    themes: dict
    cantons: dict
    centres: dict

    @classmethod
    def load(cls):
        return cls(
            themes=dict(Theme.objects.values_list("slug", "pk")),
            cantons=dict(Canton.objects.values_list("code", "pk")),
            centres=dict(Centre.objects.values_list("slug", "pk")),
        )


class _RowReader:
    """Reads one CSV row into model values, noting every problem instead of stopping at the
    first. A value that could not be read is None, so rules across columns can skip it."""

    def __init__(self, line, cells, lookups):
        self.line = line
        self.lookups = lookups
        self.errors = []
        self.cells = {}
        for column, raw in zip(HEADER, cells, strict=True):
            value = raw if column in UNTRIMMED_COLUMNS else raw.strip()
            self.cells[column] = unescape_cell(value)

    def error(self, column, message):
        self.errors.append(RowError(self.line, column, message))

    def text(self, column, model_field=None, required=False):
        value = self.cells[column]
        if required and not value.strip():
            self.error(column, _("this cell is empty; it is required"))
            return None
        if "\x00" in value:
            self.error(column, _("this cell contains a NUL character, which cannot be stored"))
            return None
        limit = Group._meta.get_field(model_field or column).max_length
        if limit and len(value) > limit:
            message = _("this text has %(length)d characters; at most %(limit)d are allowed")
            self.error(column, message % {"length": len(value), "limit": limit})
            return None
        return value

    def choice(self, column, choices, required=True):
        value = self.cells[column].lower()
        if not value and not required:
            return ""
        if value not in choices.values:
            if value:
                message = _("'%(value)s' is not allowed; use one of: %(allowed)s")
            else:
                message = _("this cell is empty; use one of: %(allowed)s")
            self.error(column, message % {"value": _shown(value), "allowed": _allowed(choices)})
            return None
        return value

    def languages(self):
        codes = [code.strip().lower() for code in self.cells["language"].split(LIST_SEPARATOR)]
        codes = list(dict.fromkeys(code for code in codes if code))
        if not codes:
            message = _("this cell is empty; give one language or several separated by ';' (%s)")
            self.error("language", message % _allowed(GroupLanguage.values))
            return None
        wrong = [code for code in codes if code not in GroupLanguage.values]
        for code in wrong:
            message = _("'%(value)s' is not a language code; use: %(allowed)s")
            allowed = _allowed(GroupLanguage.values)
            self.error("language", message % {"value": _shown(code), "allowed": allowed})
        return None if wrong else codes

    def themes(self):
        slugs = [slug.strip() for slug in self.cells["themes"].split(LIST_SEPARATOR)]
        slugs = list(dict.fromkeys(slug for slug in slugs if slug))
        if not slugs:
            self.error("themes", _("this cell is empty; give at least one theme slug"))
            return None
        ids = [self.lookups.themes.get(slug) for slug in slugs]
        for slug, pk in zip(slugs, ids, strict=True):
            if pk is None:
                self.error("themes", _("no theme has the slug '%s'") % _shown(slug))
        return None if None in ids else ids

    def canton(self):
        code = self.cells["canton"].upper()
        if code and code not in self.lookups.cantons:
            self.error("canton", _("'%s' is not a Swiss canton code") % _shown(code))
            return None
        return self.lookups.cantons.get(code)

    def postcode(self):
        value = self.cells["postcode"]
        if value and not POSTCODE_RE.match(value):
            message = _("'%s' is not a Swiss postcode: four digits, for example 1003")
            self.error("postcode", message % _shown(value))
            return None
        return value

    def time(self, column):
        value = self.cells[column]
        if not value:
            return None
        match = TIME_RE.match(value)
        if not match:
            message = _("'%s' is not a time; write it as HH:MM, for example 19:30")
            self.error(column, message % _shown(value))
            return None
        return datetime.time(int(match[1]), int(match[2]))

    def email(self):
        value = self.text("contact_email")
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error("contact_email", _("'%s' is not an email address") % _shown(value))
                return None
        return value

    def centre(self):
        slug = self.cells["centre"]
        if slug and slug not in self.lookups.centres:
            self.error("centre", _("no centre has the slug '%s'") % _shown(slug))
        return self.lookups.centres.get(slug)

    def published(self):
        value = self.cells["published"].lower()
        if value not in (YES, NO):
            self.error("published", _("'%s' is not allowed; use yes or no") % _shown(value))
        return value == YES

    def read(self):
        """The row as a _Record, or None when it has errors (then in self.errors)."""
        values = {
            "name": self.text("name", required=True),
            "description": self.text("description", required=True),
            "languages": self.languages(),
            "canton_id": self.canton(),
            "postcode": self.postcode(),
            "locality": self.text("locality"),
            "format": self.choice("format", Format),
            "audience": self.choice("audience", Audience),
            "led_by": self.choice("led_by", LedBy),
            "status": self.choice("status", MembershipStatus),
            "frequency": self.choice("frequency", Frequency),
            "weekday": self.choice("weekday", Weekday, required=False),
            "week_of_month": self.choice("week_of_month", WeekOfMonth, required=False),
            "start_time": self.time("start_time"),
            "end_time": self.time("end_time"),
            "schedule_note": self.text("schedule_note"),
            "contact_email": self.email(),
            "centre_id": self.centre(),
        }
        ref = self.text("ref")
        theme_ids = self.themes()
        published = self.published()
        _check_place(self, values)
        _check_schedule(self, values)
        if self.errors:
            return None
        return _Record(self.line, ref, values, theme_ids, published)


def _check_place(row, values):
    """Canton, postcode and locality: all required unless the group meets only online."""
    if values["format"] in (None, Format.ONLINE):
        return
    message = _("this cell may only be empty for an online group (format is %s)")
    for column in ("canton", "postcode", "locality"):
        if not row.cells[column]:
            row.error(column, message % values["format"])


def _check_schedule(row, values):
    frequency = values["frequency"]
    weekday = values["weekday"]
    if frequency == Frequency.IRREGULAR and weekday:
        row.error("weekday", _("an irregular group has no weekday; leave this cell empty"))
    elif frequency not in (None, Frequency.IRREGULAR) and weekday == "":
        message = _("this cell may only be empty when frequency is irregular; use one of: %s")
        row.error("weekday", message % _allowed(Weekday))
    if frequency not in (None, Frequency.MONTHLY) and values["week_of_month"]:
        message = _(
            "only a monthly group has a week of the month; leave this cell empty (frequency is %s)"
        )
        row.error("week_of_month", message % frequency)
    start, end = values["start_time"], values["end_time"]
    if start and end and end <= start:
        message = _("the meeting must end after it starts (%(start)s), not at %(end)s")
        row.error("end_time", message % {"start": _format_time(start), "end": _format_time(end)})


def _duplicate_refs(records):
    """A reference names one group: twice in one file would make one row overwrite the other."""
    first_line = {}
    errors = []
    for record in records:
        if not record.ref:
            continue
        if record.ref in first_line:
            message = _("the reference '%(ref)s' is already used on line %(line)d")
            values = {"ref": _shown(record.ref), "line": first_line[record.ref]}
            errors.append(RowError(record.line, "ref", message % values))
        else:
            first_line[record.ref] = record.line
    return errors


def _check_rows(rows, progress):
    lookups = _Lookups.load()
    records, errors = [], []
    for done, (line, cells) in enumerate(rows, start=1):
        if len(cells) != len(HEADER):
            message = _("this line has %(found)d cells; the header has %(expected)d")
            found = {"found": len(cells), "expected": len(HEADER)}
            errors.append(RowError(line, "", message % found))
            continue
        row = _RowReader(line, cells, lookups)
        record = row.read()
        if record:
            records.append(record)
        errors += row.errors
        if progress and done % IMPORT_CHUNK == 0:
            progress(done, len(rows) * 2)
    return records, errors + _duplicate_refs(records)


# --- Import: writing to the database ----------------------------------------------------------


class _Taken:
    """References and slugs in use, so new groups get unique ones without a query each."""

    def __init__(self, records):
        pairs = list(Group.objects.values_list("ref", "slug"))
        self.refs = {ref for ref, _slug in pairs} | {r.ref for r in records if r.ref}
        self.slugs = {slug for _ref, slug in pairs}

    def new_ref(self):
        ref = new_group_ref()
        while ref in self.refs:
            ref = new_group_ref()
        self.refs.add(ref)
        return ref

    def new_slug(self, group):
        # The rule of every group's slug, answered from memory: Group.make_slug asks the
        # database once per group, and cannot see this file's other rows.
        base = group_slug_base(group.name, group.locality)
        slug = unique_group_slug(base, group.ref, self.slugs.__contains__)
        self.slugs.add(slug)
        return slug


def _publication(record, current=None):
    """'yes' publishes; 'no' keeps a draft, pending or archived state, else makes a draft."""
    if record.published:
        return Publication.PUBLISHED
    if current and current != Publication.PUBLISHED:
        return current
    return Publication.DRAFT


def _new_group(record, taken):
    group = Group(**record.values, publication=_publication(record))
    group.ref = record.ref or taken.new_ref()
    group.slug = taken.new_slug(group)
    return group


def _update_group(group, record):
    """Set the row's values on an existing group; True when anything changed."""
    values = {**record.values, "publication": _publication(record, group.publication)}
    changed = False
    for name, value in values.items():
        if getattr(group, name) != value:
            setattr(group, name, value)
            changed = True
    return changed


def _update_groups(groups, field_names):
    """Write these fields of these groups in one UPDATE ... FROM unnest(one array per column).

    Django's bulk_update writes a CASE over every row for every field: minutes for 10,000
    rows, where this takes a fraction of a second.
    """
    meta, quote = Group._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in field_names]
    arrays, types, names, values = [[group.pk for group in groups]], ["bigint[]"], ["id"], []
    for f in fields:
        cells = [getattr(group, f.attname) for group in groups]
        names.append(quote(f.column))
        if isinstance(f, ArrayField):
            # unnest() would flatten an array of arrays: each list travels as one text.
            arrays.append([",".join(cell) for cell in cells])
            types.append("text[]")
            values.append(f"string_to_array(v.{quote(f.column)}, ',')::{f.db_type(connection)}")
        else:
            arrays.append([f.get_db_prep_save(cell, connection) for cell in cells])
            types.append(f"{f.db_type(connection)}[]")
            values.append(f"v.{quote(f.column)}")
    assignments = ", ".join(f"{n} = {v}" for n, v in zip(names[1:], values, strict=True))
    sources = ", ".join(f"%s::{t}" for t in types)
    sql = (
        f"UPDATE {quote(meta.db_table)} AS g SET {assignments} "
        f"FROM unnest({sources}) AS v({', '.join(names)}) WHERE g.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


def _save_chunk(records, existing, theme_links, taken):
    """Create and update one chunk's groups and their themes; return (created, changed) groups."""
    created, changed, relinked = [], [], []
    for record in records:
        group = existing.get(record.ref)
        if group is None:
            created.append(_new_group(record, taken))
            relinked.append((created[-1], record.theme_ids))
            continue
        themes_differ = set(record.theme_ids) != theme_links.get(group.pk, set())
        if _update_group(group, record) or themes_differ:
            changed.append(group)
        if themes_differ:
            relinked.append((group, record.theme_ids))
    Group.objects.bulk_create(created)
    if changed:
        now = timezone.now()
        for group in changed:
            group.updated_at = now
        _update_groups(changed, UPDATED_FIELDS)
    through = Group.themes.through
    old_links = [group.pk for group, _ids in relinked if group.pk in theme_links]
    through.objects.filter(group_id__in=old_links).delete()
    through.objects.bulk_create(
        through(group_id=group.pk, theme_id=theme_id)
        for group, theme_ids in relinked
        for theme_id in theme_ids
    )
    return created, changed


def _apply(records, progress, user=None):
    result = ImportResult()
    refs = [record.ref for record in records if record.ref]
    existing = {group.ref: group for group in Group.objects.filter(ref__in=refs)}
    theme_links = {}
    links = Group.themes.through.objects.filter(group__ref__in=refs)
    for group_id, theme_id in links.values_list("group_id", "theme_id"):
        theme_links.setdefault(group_id, set()).add(theme_id)
    taken = _Taken(records) if len(existing) < len(records) else None
    touched = []
    for start in range(0, len(records), IMPORT_CHUNK):
        chunk = records[start : start + IMPORT_CHUNK]
        created, changed = _save_chunk(chunk, existing, theme_links, taken)
        result.created += len(created)
        result.updated += len(changed)
        result.created_groups += [(group.ref, group.name) for group in created]
        result.changed_groups += [(group.ref, group.name) for group in changed]
        touched += [group.pk for group in created + changed]
        history.record_versions(
            [group.pk for group in created], history.CREATED, user, history.IMPORTED
        )
        history.record_versions(
            [group.pk for group in changed], history.CHANGED, user, history.IMPORTED
        )
        if progress:
            progress(len(records) + start + len(chunk), len(records) * 2)
    result.unchanged = len(records) - result.created - result.updated
    # bulk_create and the UPDATE above send no signals: the search index is refreshed here.
    indexing.refresh_groups(touched)
    content_changed()
    return result


def _model_errors(records):
    """After the database refused a write: the model's own validation, row by row, to name the
    lines. Slow (queries per row), so only run when the fast checks missed something."""
    existing = {g.ref: g for g in Group.objects.filter(ref__in=[r.ref for r in records])}
    errors = []
    for record in records:
        current = existing.get(record.ref)
        group = Group(**record.values, publication=_publication(record))
        group.ref = record.ref or new_group_ref()
        if current:
            # An update: uniqueness checks must not count the group itself.
            group.pk, group.slug, group._state.adding = current.pk, current.slug, False
        try:
            group.full_clean(exclude=["slug"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = FIELD_COLUMNS.get(name, name)
                errors += [RowError(record.line, column, message) for message in messages]
    return errors


def import_groups_csv(fileobj_or_bytes, progress=None, *, dry_run=False, user=None):
    """Import groups from CSV bytes (or a binary file): all of them, or none on any error.

    A row whose `ref` is known updates that group (and its themes); any other row creates one.
    `progress(done, total)`, if given, is called now and then while rows are checked and
    written (total counts each row twice: once checked, once written).
    `dry_run` checks everything, writes in a transaction and rolls it back. Each group created
    or changed gets a version in its history, by `user` (None: the command line).
    Returns an ImportResult; its `errors` list every problem by line and column.
    """
    rows, errors = _parse(fileobj_or_bytes)
    if errors:
        return ImportResult(errors=errors)
    records, errors = _check_rows(rows, progress)
    if errors:
        return ImportResult(errors=errors)
    try:
        with transaction.atomic():
            result = _apply(records, progress, user)
            if dry_run:
                transaction.set_rollback(True)
    except (IntegrityError, DataError) as exc:
        # A rule the checks above do not know yet, or a row changed by someone else meanwhile.
        errors = _model_errors(records) or [
            RowError(None, "", _("the database refused the import: %s") % exc)
        ]
        return ImportResult(errors=errors)
    return result
