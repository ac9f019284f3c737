from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import alerts, browse, confirm, contact, facilitator, group, join, report, search

app_name = "groups"

urlpatterns = [
    path(_("groups/"), search.group_list, name="list"),
    path(_("groups/<slug:slug>/"), group.group_detail, name="detail"),
    path(_("groups/<slug:slug>/calendar.ics"), group.group_calendar, name="calendar"),
    path(_("groups/<slug:slug>/contact/"), contact.contact_group, name="contact"),
    path(_("groups/<slug:slug>/contact/sent/"), contact.contact_sent, name="contact_sent"),
    path(_("groups/<slug:slug>/report/"), report.report_group, name="report"),
    path(_("groups/<slug:slug>/report/sent/"), report.report_sent, name="report_sent"),
    path(_("groups/<slug:slug>/join/"), join.join_group, name="join"),
    path(_("confirm/<str:token>/"), confirm.confirm_listing, name="confirm"),
    path(_("my/requests/"), join.my_requests, name="my_requests"),
    path(_("my/requests/<int:pk>/withdraw/"), join.withdraw_request, name="withdraw_request"),
    path(_("my/groups/"), facilitator.my_groups, name="my_groups"),
    path(_("my/new-group/"), facilitator.propose_group, name="propose_group"),
    path(_("my/alerts/"), alerts.my_alerts, name="my_alerts"),
    path(_("my/alerts/<int:pk>/remove/"), alerts.remove_alert, name="remove_alert"),
    path(_("alerts/stop/<str:token>/"), alerts.unsubscribe, name="alerts_unsubscribe"),
    path(_("my/groups/<slug:slug>/"), facilitator.my_group, name="my_group"),
    path(_("my/groups/<slug:slug>/confirm/"), facilitator.confirm_group, name="confirm_group"),
    path(_("my/groups/<slug:slug>/edit/"), facilitator.edit_group, name="edit_group"),
    path(_("my/groups/<slug:slug>/breaks/"), facilitator.add_break, name="add_break"),
    path(
        _("my/groups/<slug:slug>/breaks/<int:pk>/remove/"),
        facilitator.remove_break,
        name="remove_break",
    ),
    path(_("my/groups/<slug:slug>/history/"), facilitator.group_history, name="group_history"),
    path(_("my/decisions/<int:pk>/"), facilitator.decide_request, name="decide_request"),
    path(_("themes/"), browse.theme_index, name="theme_index"),
    path(_("themes/<slug:slug>/"), browse.theme_detail, name="theme_detail"),
    path(_("cantons/"), browse.canton_index, name="canton_index"),
    path(_("cantons/<slug:code>/"), browse.canton_detail, name="canton_detail"),
    path(_("centres/"), browse.centre_index, name="centre_index"),
    path(_("centres/<slug:slug>/"), browse.centre_detail, name="centre_detail"),
]
