"""manage.py build_places: write groups/data/places.csv from the two offline sources."""

from collections import Counter

from django.core.management.base import BaseCommand

from groups.search import place_data


class Command(BaseCommand):
    help = (
        "Write groups/data/places.csv: every Swiss postcode and locality with its canton and "
        "approximate coordinates, from the postcode package and GeoNames (see "
        "groups/search/place_data.py). A developer's tool; the file is committed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the file is not current")

    def handle(self, *args, check, **options):
        rows = place_data.build()
        text = place_data.to_csv(rows)
        sources = Counter(row.source for row in rows)
        summary = (
            f"{len(rows)} localities of {len({row.postcode for row in rows})} postcodes: "
            f"{sources[place_data.EXACT]} placed by GeoNames, "
            f"{sources[place_data.NEARBY]} by their nearest postcode."
        )
        if check:
            current = place_data.PATH.read_text(encoding="utf-8")
            if current != text:
                self.stderr.write("groups/data/places.csv is not current: run build_places.")
                raise SystemExit(1)
            self.stdout.write(f"Current. {summary}")
            return
        place_data.PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {place_data.PATH.name}. {summary}")
