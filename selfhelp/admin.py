from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from modeltranslation.admin import TranslationAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["slug", "title_fr", "title_de", "title_it", "title_en"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "summary", "benefits", "body", "updated_at"]}),
        (
            _("Voices (also on the home page)"),
            {"fields": ["testimonial", "testimonial_by", "professional_view", "professional_by"]},
        ),
    ]

    def view_on_site(self, page):
        # Straight to the page (None hides the button for pages without an address yet).
        return page.get_absolute_url()

    def get_readonly_fields(self, request, obj=None):
        # The site finds its pages by slug: renaming one would make it vanish from the site.
        if obj is not None:
            return [*self.readonly_fields, "slug"]
        return self.readonly_fields


# The admin speaks to curators in their language, under the site's name.
admin.site.site_header = _("Selfhelp administration")
admin.site.site_title = _("Selfhelp administration")
admin.site.index_title = _("Curation")


# The labels django-post-office shows in the admin (its models, fields, statuses, sections): it
# ships no French, German or Italian, so this site's catalogue translates them (Django reads
# LOCALE_PATHS before an app's own). Listed here for makemessages; nothing reads the list.
# "Accounts" is allauth's section (its Italian catalogue leaves it in English).
THIRD_PARTY_LABELS = [
    gettext_noop("Accounts"),
    gettext_noop("To"),
    gettext_noop("Subject"),
    gettext_noop("Use Template"),
    gettext_noop("HTML Email"),
    gettext_noop("Text Email"),
    gettext_noop("Mail Body"),
    gettext_noop("HTML Body"),
    gettext_noop("Preview"),
    gettext_noop("Duplicate template for language '{language}'."),
    gettext_noop("Language"),
    gettext_noop("Render template in alternative language"),
    gettext_noop("Default Content"),
    gettext_noop("Description"),
    gettext_noop("Delivered"),
    gettext_noop("Opened"),
    gettext_noop("Clicked"),
    gettext_noop("Deferred"),
    gettext_noop("Soft Bounced"),
    gettext_noop("Undetermined Bounced"),
    gettext_noop("Hard Bounced"),
    gettext_noop("Spam Complaint"),
    gettext_noop("Unsubscribed"),
    gettext_noop("low"),
    gettext_noop("medium"),
    gettext_noop("high"),
    gettext_noop("failed"),
    gettext_noop("queued"),
    gettext_noop("requeued"),
    gettext_noop("Email From"),
    gettext_noop("Email To"),
    gettext_noop("Cc"),
    gettext_noop("Bcc"),
    gettext_noop("Message"),
    gettext_noop("HTML Message"),
    gettext_noop("Recipient Delivery Status"),
    gettext_noop("Priority"),
    gettext_noop("Scheduled Time"),
    gettext_noop("The scheduled sending time"),
    gettext_noop("Expires"),
    gettext_noop("Email won't be sent after this timestamp"),
    gettext_noop("Headers"),
    gettext_noop("Email template"),
    gettext_noop("Context"),
    gettext_noop("Backend alias"),
    gettext_noop("The scheduled time may not be later than the expires time."),
    gettext_noop("Email address"),
    gettext_noop("Exception type"),
    gettext_noop("Log"),
    gettext_noop("Logs"),
    gettext_noop("Name"),
    gettext_noop("e.g: 'welcome_email'"),
    gettext_noop("Description of this template."),
    gettext_noop("Content"),
    gettext_noop("HTML content"),
    gettext_noop("Default template"),
    gettext_noop("Email Template"),
    gettext_noop("Email Templates"),
    gettext_noop("File"),
    gettext_noop("The original filename"),
    gettext_noop("Emails"),
    gettext_noop("Attachment"),
    gettext_noop("Attachments"),
    gettext_noop("Post Office"),
    pgettext_lazy("Email address", "Email"),
    pgettext_lazy("Email addresses", "Emails"),
]
