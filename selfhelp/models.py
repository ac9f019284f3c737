"""Editorial pages that admins edit in the admin, in every site language, without a deploy."""

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ABOUT = "about"

# A body paragraph that starts with this marker is shown as a subheading. Plain text keeps the
# pages safe (no HTML from the database) while letting editors give a long text some structure.
HEADING_MARKER = "##"


class Page(models.Model):
    """A content page. The "about" page also feeds the home page's "why a self-help group"
    section (summary, benefits, testimonial, professional view), so one edit changes both."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), help_text=_("A short introduction, also shown on the home page.")
    )
    benefits = models.TextField(
        _("what a group brings"),
        blank=True,
        help_text=_("One benefit per line, shown as a list here and on the home page."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Plain text. Separate paragraphs with an empty line. "
            "A paragraph starting with “## ” becomes a subheading."
        ),
    )
    testimonial = models.TextField(_("member's testimonial"), blank=True)
    testimonial_by = models.CharField(
        _("testimonial by"),
        max_length=200,
        blank=True,
        help_text=_("A first name and a context, never a full name, e.g. “Claire, 54, grief”."),
    )
    professional_view = models.TextField(_("a professional's view"), blank=True)
    professional_by = models.CharField(
        _("professional view by"),
        max_length=200,
        blank=True,
        help_text=_("A role, e.g. “psychiatric nurse”."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        # Only the about page has a route today; other pages have no public address yet.
        return reverse("about") if self.slug == ABOUT else None

    def benefit_list(self):
        # Editors may type their own bullets ("- ", "• "): the list adds its own.
        lines = (line.strip().lstrip("-•*").strip() for line in self.benefits.splitlines())
        return [line for line in lines if line]

    def body_blocks(self):
        """The body as ("heading" | "paragraph", text) pairs, split on empty lines."""
        blocks = []
        for chunk in _paragraphs(self.body):
            if chunk.startswith(HEADING_MARKER):
                blocks.append(("heading", chunk.removeprefix(HEADING_MARKER).strip()))
            else:
                blocks.append(("paragraph", chunk))
        return blocks


def _paragraphs(text):
    # Browsers post "\r\n"; an "empty" line may still hold spaces.
    chunks = (chunk.strip() for chunk in re.split(r"\r?\n[ \t]*\r?\n", text))
    return [chunk for chunk in chunks if chunk]
