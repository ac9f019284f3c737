from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"

urlpatterns = [
    path(_("my/profile/"), views.profile, name="profile"),
    path(_("my/profile/my-data.json"), views.export_data, name="export_data"),
    path(_("my/profile/delete/"), views.delete_account, name="delete_account"),
]
