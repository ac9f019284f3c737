"""Centre staff: the role of a regional centre's curators, in one place.

A staff account linked to a centre (User.centre) is centre staff. In the admin it sees and
curates only its region (models.region: the groups its centre supports and those in the cantons
it serves), with exactly the permissions below, whatever permission groups it is given
(accounts.backends). Every other staff account is a national curator, its permissions those an
admin gives it; superusers cannot be linked to a centre (a constraint on User).
"""

# What centre staff do: keep their region's listings (the groups, their breaks in meetings),
# review the facilitators' proposals, handle the visitors' reports of outdated information, read
# the messages sent to their groups, keep their centre's public details. Themes are read for the
# group form's autocomplete. Nothing else: no accounts, no join requests (between members and
# facilitators), no email queue, no other region.
CENTRE_STAFF_PERMISSIONS = frozenset(
    {
        "groups.view_group",
        "groups.add_group",
        "groups.change_group",
        "groups.view_meetingbreak",
        "groups.add_meetingbreak",
        "groups.change_meetingbreak",
        "groups.delete_meetingbreak",
        "groups.view_proposedchange",
        "groups.change_proposedchange",
        "groups.view_contactmessage",
        "groups.view_report",
        "groups.change_report",
        "groups.view_centre",
        "groups.change_centre",
        "groups.view_theme",
    }
)


def centre_of(user):
    """The id of the centre whose region `user` curates, or None for everyone else (national
    curators, members, visitors)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    return getattr(user, "centre_id", None)


def may_import(user):
    """Importing a CSV file of groups is for national curators: a file may hold any region."""
    return (
        centre_of(user) is None
        and user.has_perm("groups.add_group")
        and user.has_perm("groups.change_group")
    )
