"""What the group views share: finding a listed group, its "gone" page, the answer to a POST."""

from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..cards import cards
from ..models import Group, Publication, Theme

# allauth's login page, reversed in the visitor's language; it keeps `next` through sign-up.
LOGIN_URL = "account_login"
# Groups per page of every list.
PAGE_SIZE = 20


class HttpResponseSeeOther(HttpResponseRedirect):
    """303 after a POST: the browser fetches the next page with GET, and reloading it sends
    nothing twice."""

    status_code = 303


def listed_group_or_404(slug):
    """A listed group (or an archived one) with all its pages show, in two queries.

    Drafts, groups waiting for review and listings hidden for want of confirmation do not exist
    for visitors: 404, as for any unknown slug.
    """
    themes = Theme.objects.select_related("parent")
    listed = (
        (Group.objects.listed() | Group.objects.filter(publication=Publication.ARCHIVED))
        # Whether someone can answer a join request on the site: without an active
        # facilitator account, the page offers "Contact this group" only.
        .with_facilitator_flag()
        .select_related("canton", "centre")
        .prefetch_related(Prefetch("themes", queryset=themes))
    )
    return get_object_or_404(listed, slug=slug)


def gone(request, group):
    """An archived group's page: 410, and where to look instead."""
    themes = list(group.themes.all())
    context = {"group": group, "theme": themes[0] if themes else None}
    return render(request, "groups/detail_gone.html", context, status=410)


class OrderedGroups:
    """The results in their order, as the paginator reads them: a length, and slices that
    fetch their groups' cards (groups.cards: one query), each with its distance."""

    def __init__(self, index, results, keys=None, place=None):
        self.index, self.results, self.keys, self.place = index, results, keys, place

    def __len__(self):
        return len(self.results)

    def count(self):
        return len(self.results)

    def __getitem__(self, items):
        positions = self.index.page(self.results, self.keys, items.start or 0, items.stop)
        ids = self.index.ids_at(positions)
        groups = cards(ids, self.index.taxonomy)
        if self.place is not None and positions:
            distances = self.index.distances_km(self.place.point)
            by_id = dict(zip(ids, positions, strict=True))
            for group in groups:
                group.distance_label = distance_label(distances[by_id[group.pk]])
        return groups


def distance_label(km):
    """How far a group meets from the visitor's place, as its card says it."""
    if km != km:  # NaN: an online group
        return _("Online: from wherever you are")
    if km < 1:
        return _("Less than 1 km away")
    return ngettext("%(km)s km away", "%(km)s km away", round(km)) % {"km": round(km)}
