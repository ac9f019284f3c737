"""Contact a group: a message relayed by email to its facilitators, never lost."""

from .group import contact_group as _placeholder


def contact_group(request, slug):
    return _placeholder(request, slug)


def contact_sent(request, slug):
    from django.http import Http404

    raise Http404
