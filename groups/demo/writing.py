"""Writing demo groups in bulk: the next free demo ref number, the slugs of a batch
(checked against the database in one query), and the groups written with one COPY and their
themes with one bulk insert, so that a batch costs a fixed number of queries."""

from contextlib import nullcontext

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.utils.text import slugify

from .. import history
from ..models import Group, group_slug_base, unique_group_slug
from .maker import REF_DIGITS, REF_PREFIX


def next_ref_number():
    last = (
        Group.objects.filter(ref__regex=rf"^{REF_PREFIX}\d{{{REF_DIGITS}}}$")
        .order_by("-ref")
        .values_list("ref", flat=True)
        .first()
    )
    return int(last[len(REF_PREFIX) :]) + 1 if last else 1


def assign_slugs(groups, used):
    """The slug rule of every group (models.unique_group_slug), with the slugs of this run
    in memory and those of the database fetched in one query per batch."""
    bases = [group_slug_base(group.name, group.locality) for group in groups]
    candidates = set(bases) | {
        f"{base}-{slugify(group.ref)}" for base, group in zip(bases, groups, strict=True)
    }
    taken = set(Group.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    for group, base in zip(groups, bases, strict=True):
        group.slug = unique_group_slug(base, group.ref, lambda slug: slug in used or slug in taken)
        used.add(group.slug)


def copied_fields():
    """The columns an INSERT would fill: not generated ones, not those the database fills."""
    return [
        model_field
        for model_field in Group._meta.concrete_fields
        if not model_field.generated and model_field.db_default is NOT_PROVIDED
    ]


def copy_groups(groups):
    """Write the groups with one COPY and give them their ids (reserved in one query).

    Why not bulk_create: measured on a 2-core machine, it took 50-85 s for 100,000 groups,
    most of it spent building and parsing one INSERT with 30,000 placeholders per batch;
    COPY 10-15 s. Each value still goes through its field's own preparation
    (defaults, auto_now), exactly as Django prepares an INSERT."""
    table = Group._meta.db_table
    fields = copied_fields()
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(table), ", ".join(quote(model_field.column) for model_field in fields)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, Group._meta.pk.column, len(groups)],
        )
        for group, (pk,) in zip(groups, cursor.fetchall(), strict=True):
            group.pk = pk
        # Shows the COPY wherever queries are recorded (DEBUG, tests counting queries).
        record = getattr(cursor, "debug_sql", None)
        with record(sql) if record else nullcontext(), cursor.cursor.copy(sql) as copy:
            for group in groups:
                copy.write_row(
                    [
                        model_field.get_db_prep_save(model_field.pre_save(group, True), connection)
                        for model_field in fields
                    ]
                )
    for group in groups:
        group._state.adding = False
        group._state.db = connection.alias


def write_batch(groups, theme_ids, used_slugs):
    assign_slugs(groups, used_slugs)
    copy_groups(groups)
    Through = Group.themes.through
    links = [
        Through(group_id=group.pk, theme_id=theme_id)
        for group, ids in zip(groups, theme_ids, strict=True)
        for theme_id in ids
    ]
    # Two integer columns: Django sends these as arrays (UNNEST), already fast.
    Through.objects.bulk_create(links)
    history.record_versions([group.pk for group in groups], history.CREATED, reason=history.DEMO)
