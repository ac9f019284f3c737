"""manage.py import_themes FILE: the Themes CSV, all or nothing."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from groups.management.csv_files import read_file, refuse
from groups.themes_csv import import_themes


class Command(BaseCommand):
    help = (
        "Import the theme taxonomy from a CSV file in the Themes CSV format (see "
        "docs/data-formats.md). A known slug updates that theme; a new slug creates one. All or "
        "nothing: on any bad row nothing changes, every problem is listed by line and column, "
        "and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8); '-' reads standard input")

    def handle(self, *args, file, **options):
        result = import_themes(read_file(file))
        if result.errors:
            refuse(self, result.errors)
        self.stdout.write(
            _("Themes: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
