"""manage.py import_groups FILE: the Groups CSV, all or nothing."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from groups.groups_csv import import_groups_csv
from groups.management.csv_files import read_file, refuse

# Below this many rows an import takes a blink: no progress bar.
PROGRESS_BAR_FROM = 1000


class ProgressBar:
    """The import's progress callback, as a tqdm bar on a terminal's stderr for large files.

    Writes to sys.stderr itself: the command's stderr wrapper would end every redraw with a
    newline.
    """

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.bar = None

    def __call__(self, done, total):
        if self.bar is None:
            hidden = total // 2 <= PROGRESS_BAR_FROM or not self.stream.isatty()
            self.bar = tqdm(total=total, unit="row", file=self.stream, disable=hidden)
        self.bar.update(done - self.bar.n)

    def close(self):
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = (
        "Import groups from a CSV file in the Groups CSV format (see docs/data-formats.md). "
        "A row with a known ref updates that group; any other row creates one. All or nothing: "
        "on any bad row nothing changes, every problem is listed by line and column, and the "
        "command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8); '-' reads standard input")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and count what would change, without changing anything",
        )

    def handle(self, *args, file, dry_run, **options):
        bar = ProgressBar()
        try:
            result = import_groups_csv(read_file(file), progress=bar, dry_run=dry_run)
        finally:
            bar.close()
        if result.errors:
            refuse(self, result.errors)
        self.stdout.write(self.summary(result, dry_run))

    def summary(self, result, dry_run):
        counts = {"created": result.created, "updated": result.updated}
        counts["unchanged"] = result.unchanged
        if dry_run:
            text = _(
                "Dry run, nothing saved: would create %(created)d, update %(updated)d, "
                "leave %(unchanged)d unchanged."
            )
        else:
            text = _("Created %(created)d groups, updated %(updated)d, %(unchanged)d unchanged.")
        return text % counts
