"""manage.py export_groups [FILE]: the Groups CSV of every group."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from groups.groups_csv import write_groups_csv
from groups.models import Group


class Command(BaseCommand):
    help = (
        "Export groups as CSV in the Groups CSV format (see docs/data-formats.md), to FILE or to "
        "standard output. Exports every group whatever its publication state (drafts, pending "
        "proposals and archived groups too): the file is for the admins who curate all of "
        "them, and importing it back changes nothing. --published-only keeps the published "
        "groups. The file holds contact emails: keep it private."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")
        parser.add_argument(
            "--published-only", action="store_true", help="only the groups visitors can see"
        )
        parser.add_argument(
            "--bom",
            action="store_true",
            help="start with a UTF-8 byte-order mark, for Excel (the import accepts it)",
        )

    def handle(self, *args, file, published_only, bom, **options):
        groups = Group.objects.order_by("name", "ref")
        if published_only:
            groups = groups.listed()
        if file is None:
            # csv ends each row itself; the wrapper must not add a newline after every write.
            self.stdout.ending = ""
            write_groups_csv(groups, self.stdout, bom=bom)
            return
        try:
            with open(file, "w", encoding="utf-8", newline="") as fileobj:
                write_groups_csv(groups, fileobj, bom=bom)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": file, "error": exc.strerror}
            ) from exc
        self.stdout.write(
            _("%(count)d groups written to %(path)s.") % {"count": groups.count(), "path": file}
        )
