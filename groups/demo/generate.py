"""The entry points of the demo data: generate a number of demo groups from a seed (made,
written in batches inside one transaction, then indexed for search), or remove every demo
group; both tell the page cache that the content changed."""

from django.db import transaction
from django.utils import timezone

from selfhelp.pagecache import content_changed

from ..models import Group
from .bulk_indexing import default_workers, refresh_search
from .maker import GroupMaker, load_reference
from .writing import next_ref_number, write_batch

DEFAULT_COUNT = 450
DEFAULT_SEED = 2718
DEFAULT_BATCH_SIZE = 1000


def generate_demo_groups(
    count, seed=DEFAULT_SEED, batch_size=DEFAULT_BATCH_SIZE, progress=None, workers=None
):
    """Create `count` demo groups and return how many were created.

    The groups are written all or nothing, then indexed for search. `progress`, if given, is
    called with a stage ("written", then "indexed") and a number of groups."""
    reference = load_reference()
    maker = GroupMaker(reference, seed, timezone.localdate())
    used_slugs = set()
    group_ids = []
    with transaction.atomic():
        first = next_ref_number()
        for start in range(0, count, batch_size):
            numbers = range(first + start, first + min(start + batch_size, count))
            made = [maker.make(number) for number in numbers]
            groups, theme_ids = zip(*made, strict=True)
            write_batch(list(groups), theme_ids, used_slugs)
            group_ids.extend(group.pk for group in groups)
            if progress:
                progress("written", len(groups))
    refresh_search(group_ids, workers or default_workers(count), progress)
    content_changed()
    return count


def remove_demo_groups():
    """Delete every demo group (and what hangs on it) and return how many groups went."""
    _total, per_model = Group.objects.filter(is_demo=True).delete()
    content_changed()
    return per_model.get(Group._meta.label, 0)
