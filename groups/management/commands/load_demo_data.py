"""Load (or remove) plausible demo groups: `manage.py load_demo_data [--count N] [--seed S]`."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from groups.demo.generate import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_COUNT,
    DEFAULT_SEED,
    generate_demo_groups,
    remove_demo_groups,
)
from groups.demo.maker import MissingReferenceData
from groups.models import Group

# Below this a progress bar is only noise.
PROGRESS_FROM = 5000


class Command(BaseCommand):
    help = (
        "Create plausible demo self-help groups in every canton, theme and language region "
        "(all marked as demo data), or remove them with --remove."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=DEFAULT_COUNT,
            help=f"How many groups to create (default {DEFAULT_COUNT}).",
        )  # fmt: skip
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED,
            help="The same seed gives the same groups.",
        )  # fmt: skip
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing when the directory already holds any group.",
        )  # fmt: skip
        parser.add_argument(
            "--remove", action="store_true",
            help="Delete every demo group (and only those), then stop.",
        )  # fmt: skip
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
            help="Groups written per insert.",
        )  # fmt: skip

    def handle(self, *args, count, seed, if_empty, remove, batch_size, verbosity, **options):
        if remove:
            removed = remove_demo_groups()
            self.stdout.write(self.style.SUCCESS(f"Removed {removed} demo groups."))
            return
        if count < 1 or batch_size < 1:
            raise CommandError("--count and --batch-size must be at least 1.")
        if if_empty and Group.objects.exists():
            if verbosity > 0:
                self.stdout.write("The directory already holds groups: no demo data loaded.")
            return
        started = time.monotonic()
        try:
            created = self.generate(count, seed, batch_size, show_progress=verbosity > 0)
        except MissingReferenceData as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Created {created} demo groups in {seconds:.1f} s (seed {seed}).")
        )

    def generate(self, count, seed, batch_size, show_progress):
        if not show_progress or count < PROGRESS_FROM:
            return generate_demo_groups(count, seed=seed, batch_size=batch_size)
        progress = ProgressBars(count)
        try:
            return generate_demo_groups(count, seed=seed, batch_size=batch_size, progress=progress)
        finally:
            progress.close()


class ProgressBars:
    """One bar per stage of the generation (writing, then indexing for search)."""

    def __init__(self, total):
        self.total = total
        self.bars = {}

    def __call__(self, stage, number):
        from tqdm import tqdm

        if stage not in self.bars:
            for bar in self.bars.values():
                bar.close()
            self.bars[stage] = tqdm(total=self.total, desc=stage, unit=" groups", file=sys.stderr)
        self.bars[stage].update(number)

    def close(self):
        for bar in self.bars.values():
            bar.close()
