"""manage.py load_reference_data: cantons, the theme taxonomy and the regional centres.

Runs on every `make run` and every deployment, so it must be idempotent and quick: rows are
compared first and only what differs is written; a second run writes nothing.

Themes and centres are curated in the admin afterwards: by default only the missing ones are
added and known ones are left as curators made them. `--update` puts the files' values back.
The cantons' official names always follow the file.
"""

import csv
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from groups.models import Canton, Centre, GroupLanguage, Theme
from groups.themes_csv import import_themes

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
LANGUAGES = settings.SITE_LANGUAGES

# The home page shows featured themes. The CSV has no column for it (curators choose in the
# admin), so these are featured only while no theme is, on a fresh database.
FEATURED_BY_DEFAULT = (
    "depression",
    "alcohol-addiction",
    "bereavement",
    "burnout",
    "separation-and-divorce",
    "living-with-cancer",
    "dementia-carers",
    "anxiety-disorders",
)
RARE_DISEASES = "rare-diseases"


@dataclass
class Counts:
    total: int = 0
    created: int = 0
    updated: int = 0

    def __str__(self):
        return f"{self.total} ({self.created} new, {self.updated} updated)"


class Command(BaseCommand):
    help = "Load the cantons, themes and regional centres from groups/data/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite known themes and centres with the files' values "
            "(undoes edits made in the admin).",
        )

    def handle(self, *args, **options):
        keep_existing = not options["update"]
        with transaction.atomic():
            cantons = load_cantons(DATA_DIR / "cantons.csv")
            themes = load_themes(DATA_DIR / "themes.csv", keep_existing)
            centres = load_centres(DATA_DIR / "centres.csv", keep_existing)
        self.stdout.write(f"Reference data: cantons {cantons}, themes {themes}, centres {centres}.")


def read_rows(path):
    """(line, row) pairs of a CSV file of ours; line numbers as a spreadsheet shows them."""
    with open(path, encoding="utf-8-sig", newline="") as fileobj:
        reader = csv.DictReader(fileobj)
        for row in reader:
            yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}


def sync(obj, values, check=None):
    """Set the values that differ and save them; True when something was written."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        if check:
            check(obj)
        obj.save(update_fields=changed)
    return bool(changed)


def load_cantons(path):
    counts = Counts()
    existing = Canton.objects.in_bulk(field_name="code")
    for _line, row in read_rows(path):
        values = {f"name_{lang}": row[f"name_{lang}"] for lang in LANGUAGES}
        canton = existing.get(row["code"])
        if canton is None:
            Canton.objects.create(code=row["code"], **values)
            counts.created += 1
        elif sync(canton, values):
            counts.updated += 1
        counts.total += 1
    return counts


def load_themes(path, keep_existing=True):
    result = import_themes(path.read_bytes(), keep_existing=keep_existing)
    if result.errors:
        problems = "\n".join(str(error) for error in result.errors)
        raise CommandError(f"{path.name} has problems; nothing was loaded:\n{problems}")
    flag_defaults()
    return Counts(
        total=result.created + result.updated + result.unchanged,
        created=result.created,
        updated=result.updated,
    )


def flag_defaults():
    # A theme filed under rare diseases is one by definition; the flag drives the demo data
    # and the admin's filter. queryset.update(): the flags play no part in search.
    unflagged = Theme.objects.filter(parent__slug=RARE_DISEASES, is_rare=False)
    if unflagged.exists():  # so that a second run writes nothing at all
        unflagged.update(is_rare=True)
    if not Theme.objects.filter(is_featured=True).exists():
        Theme.objects.filter(slug__in=FEATURED_BY_DEFAULT).update(is_featured=True)


def load_centres(path, keep_existing=True):
    counts = Counts()
    cantons = Canton.objects.in_bulk(field_name="code")
    existing = {centre.slug: centre for centre in Centre.objects.prefetch_related("cantons")}
    for line, row in read_rows(path):
        served = check_row(path, line, row, cantons)
        centre = existing.get(row["slug"])
        values = centre_values(row)
        if centre is None:
            centre = Centre(slug=row["slug"], **values)
            validate(path, line, centre)
            centre.save()
            centre.cantons.set(served)
            counts.created += 1
        elif not keep_existing:
            changed = sync(centre, values, check=partial(validate, path, line))
            # Compared first: set() would query again even when nothing changes.
            if {canton.pk for canton in centre.cantons.all()} != {c.pk for c in served}:
                centre.cantons.set(served)
                changed = True
            counts.updated += changed
        counts.total += 1
    return counts


def centre_values(row):
    values = {
        name: row[name] for name in ("email", "phone", "website", "street", "postcode", "locality")
    }
    for lang in LANGUAGES:
        values[f"name_{lang}"] = row[f"name_{lang}"]
        values[f"description_{lang}"] = row[f"description_{lang}"]
    values["languages"] = split(row["languages"])
    return values


def check_row(path, line, row, cantons):
    """The cantons the centre serves; stops on an unknown canton or language code."""
    codes = split(row["cantons"])
    unknown = [code for code in codes if code not in cantons]
    if unknown or not codes:
        raise CommandError(
            f"{path.name}, line {line}, column cantons: unknown canton code(s) "
            f"{', '.join(unknown) or '(none given)'}."
        )
    languages = set(split(row["languages"])) - set(GroupLanguage.values)
    if languages:
        raise CommandError(
            f"{path.name}, line {line}, column languages: unknown language(s) "
            f"{', '.join(sorted(languages))}."
        )
    return [cantons[code] for code in codes]


def validate(path, line, centre):
    """Our own file, but a typo in an email or a postcode should stop the load, not
    reach the site."""
    try:
        centre.full_clean(exclude=["cantons"])
    except ValidationError as error:
        problems = "; ".join(
            f"column {field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
        raise CommandError(f"{path.name}, line {line}: {problems}") from error


def split(value):
    return [item.strip() for item in value.split(";") if item.strip()]
