"""What the CSV import commands share: reading the file, and reporting a refused import."""

import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def read_file(path):
    """The bytes of `path` ('-': standard input), or a CommandError that says why not."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fileobj:
            return fileobj.read()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror or error}
        ) from error


def refuse(command, errors):
    """Every problem on stderr, one a line, then the command fails (exit status 1)."""
    for error in errors:
        command.stderr.write(str(error))
    count = len(errors)
    raise CommandError(
        ngettext(
            "%(count)d problem found; nothing was imported.",
            "%(count)d problems found; nothing was imported.",
            count,
        )
        % {"count": count}
    )
