"""manage.py import_themes FILE: the Themes CSV, all or nothing."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groups.themes_csv import import_themes


class Command(BaseCommand):
    help = (
        "Import the theme taxonomy from a CSV file in the Themes CSV format (see "
        "ARCHITECTURE.md). A known slug updates that theme; a new slug creates one. All or "
        "nothing: on any bad row nothing changes, every problem is listed by line and column, "
        "and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8); '-' reads standard input")

    def handle(self, *args, file, **options):
        result = import_themes(read(file))
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            count = len(result.errors)
            raise CommandError(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    count,
                )
                % {"count": count}
            )
        self.stdout.write(
            _("Themes: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )


def read(path):
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fileobj:
            return fileobj.read()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror or error}
        ) from error
