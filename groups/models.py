"""The directory: cantons, themes, centres, groups, join requests, contact messages."""

import calendar
import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# A Swiss postcode: four digits, the first not a zero. The database checks it too.
POSTCODE_PATTERN = r"^[1-9][0-9]{3}$"
POSTCODE_VALIDATOR = RegexValidator(POSTCODE_PATTERN, _("A Swiss postcode has four digits."))


class GroupLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    ITALIAN = "it", _("Italian")
    ENGLISH = "en", _("English")
    ROMANSH = "rm", _("Romansh")


class Audience(models.TextChoices):
    AFFECTED = "affected", _("People affected")
    RELATIVES = "relatives", _("Relatives and friends")
    BOTH = "both", _("People affected and relatives")


class LedBy(models.TextChoices):
    PEERS = "peers", _("Peer-led")
    PROFESSIONALS = "professionals", _("Professionally accompanied")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class MembershipStatus(models.TextChoices):
    OPEN = "open", _("Open to newcomers")
    FORMING = "forming", _("Being founded")
    FULL = "full", _("Full")


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    EVERY_TWO_WEEKS = "every_two_weeks", _("Every two weeks")
    MONTHLY = "monthly", _("Once a month")
    IRREGULAR = "irregular", _("Irregularly")


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning (before 12:00)")
    AFTERNOON = "afternoon", _("Afternoon (12:00–18:00)")
    EVENING = "evening", _("Evening (from 18:00)")


# When the afternoon and the evening begin, for the time-of-day filter.
AFTERNOON_FROM, EVENING_FROM = datetime.time(12), datetime.time(18)


def time_of_day(start_time):
    """The part of the day a meeting starting at `start_time` belongs to ("" if unknown)."""
    if start_time is None:
        return ""
    if start_time < AFTERNOON_FROM:
        return TimeOfDay.MORNING
    return TimeOfDay.AFTERNOON if start_time < EVENING_FROM else TimeOfDay.EVENING


class WeekOfMonth(models.TextChoices):
    FIRST = "1", _("first")
    SECOND = "2", _("second")
    THIRD = "3", _("third")
    FOURTH = "4", _("fourth")
    LAST = "last", _("last")


class Canton(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("canton")
        verbose_name_plural = _("cantons")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="canton_code_format"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class ThemeQuerySet(models.QuerySet):
    def categories(self):
        return self.filter(parent__isnull=True)

    def leaves(self):
        return self.filter(parent__isnull=False)

    def with_children(self, theme_ids):
        """These themes and, for a category, its themes: what choosing them means."""
        ids = list(theme_ids)
        return self.filter(Q(pk__in=ids) | Q(parent_id__in=ids))


class Theme(models.Model):
    """A theme of the taxonomy: a category (no parent) or a theme inside one. Two levels."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    synonyms = models.TextField(
        _("search synonyms"),
        blank=True,
        help_text=_("Other words people search with, separated by semicolons."),
    )
    is_rare = models.BooleanField(_("rare condition"), default=False)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="theme_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A theme cannot be its own category.")})
            if self.parent.parent_id is not None:
                raise ValidationError(
                    {"parent": _("Themes have two levels: choose a category, not a theme.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("This theme is a category with themes of its own.")}
                )

    @property
    def is_category(self):
        return self.parent_id is None

    def synonym_list(self, language=None):
        raw = getattr(self, f"synonyms_{language}") if language else self.synonyms
        return [s.strip() for s in (raw or "").split(";") if s.strip()]


class Centre(models.Model):
    """A regional self-help centre: supports the groups of the cantons it serves."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    cantons = models.ManyToManyField(
        Canton, verbose_name=_("cantons served"), related_name="centres"
    )
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street"), max_length=160, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[POSTCODE_VALIDATOR]
    )
    locality = models.CharField(_("locality"), max_length=80, blank=True)
    languages = ArrayField(
        models.CharField(max_length=2, choices=GroupLanguage.choices),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["slug"]

    def __str__(self):
        return self.name


class ThemeTerm(models.Model):
    """One searchable word or phrase of a theme (a name or a synonym, in any language),
    unaccented and lowercased, for typo-tolerant matching with trigrams.
    Rebuilt by groups.search.indexing.refresh_theme_terms() whenever a theme changes."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=200)

    class Meta:
        indexes = [
            GinIndex(OpClass("term", name="gin_trgm_ops"), name="themeterm_term_trgm"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["theme", "term"], name="themeterm_unique"),
        ]

    def __str__(self):
        return self.term


def new_group_ref():
    return "SH-" + secrets.token_hex(4).upper()


# A listing is confirmed by its facilitators or its centre, once a year. ASK_AFTER_MONTHS after
# the last confirmation, they are asked by email (`manage.py ask_for_confirmations`, daily); after
# FLAG_AFTER_MONTHS its page says since when it was not confirmed; after HIDE_AFTER_MONTHS it is
# hidden from the directory until someone confirms it. confirmation_state() is the one rule.
ASK_AFTER_MONTHS = 11
FLAG_AFTER_MONTHS = 12
HIDE_AFTER_MONTHS = 18


class Confirmation(models.TextChoices):
    RECENT = "recent", _("confirmed within 12 months")
    FLAGGED = "flagged", _("not confirmed for over 12 months")
    STALE = "stale", _("hidden: not confirmed for over 18 months")


def months_before(day, months):
    """The same day `months` calendar months earlier (29 February a year back: the 28th)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def confirmation_cutoff(months, today=None):
    """The date before which a confirmation is older than `months` months."""
    return months_before(today or timezone.localdate(), months)


def listed_since(today=None):
    """The oldest confirmation date a listed group can have."""
    return confirmation_cutoff(HIDE_AFTER_MONTHS, today)


def confirmation_state(last_confirmed, today=None):
    """Recent, flagged (over FLAG_AFTER_MONTHS) or stale (over HIDE_AFTER_MONTHS: hidden).
    A group never confirmed counts as confirmed the day it was entered (Group.last_confirmed's
    default), so None is only met in data older than that rule: flagged, never hidden."""
    if last_confirmed is None:
        return Confirmation.FLAGGED
    if last_confirmed < listed_since(today):
        return Confirmation.STALE
    if last_confirmed < confirmation_cutoff(FLAG_AFTER_MONTHS, today):
        return Confirmation.FLAGGED
    return Confirmation.RECENT


def group_slug_base(name, locality):
    """The readable part of a group's slug: its name, then its locality unless the name
    already says it ("Café deuil Lausanne" in Lausanne: cafe-deuil-lausanne)."""
    slug = slugify(name)[:180].strip("-") or "group"
    place = slugify(locality)
    if place and place not in slug:
        slug = f"{slug}-{place}"[:200].strip("-")
    return slug


def unique_group_slug(base, ref, is_taken):
    """`base` if free, else with the group's reference, else numbered: the one rule that every
    way of making groups (the admin, the import, the demo) follows. `is_taken(slug)` answers
    from the database or from memory."""
    if not is_taken(base):
        return base
    slug = with_ref = f"{base}-{slugify(ref)}"
    number = 2
    while is_taken(slug):
        slug = f"{with_ref}-{number}"
        number += 1
    return slug


def region_centre(canton_id):
    """The centre that curates a canton's groups that name no centre of their own: the one
    serving the canton (the first by name when several do), or None."""
    if canton_id is None:
        return None
    return Centre.objects.filter(cantons=canton_id).order_by("name").first()


def region(centre_id, through=""):
    """The groups a centre curates, as a condition: those it supports and those in the cantons
    it serves. `through` reaches the group from a related model ("group__" for a group's
    proposals, messages and requests)."""
    cantons = Canton.objects.filter(centres=centre_id).values("pk")
    return Q(**{f"{through}centre": centre_id}) | Q(**{f"{through}canton__in": cantons})


class GroupQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication=Publication.PUBLISHED)

    def listed(self, today=None):
        """What the directory shows: published, and confirmed within HIDE_AFTER_MONTHS (the
        SQL form of Group.is_listed)."""
        return self.published().exclude(last_confirmed__lt=listed_since(today))

    def demo(self):
        return self.filter(is_demo=True)

    def stale(self, months=FLAG_AFTER_MONTHS):
        """Groups whose listing was not confirmed for `months` months (or never)."""
        cutoff = confirmation_cutoff(months)
        return self.filter(Q(last_confirmed__lt=cutoff) | Q(last_confirmed__isnull=True))

    def in_confirmation_state(self, state):
        """The groups of one Confirmation state, by the rule of confirmation_state()."""
        flag, hide = confirmation_cutoff(FLAG_AFTER_MONTHS), confirmation_cutoff(HIDE_AFTER_MONTHS)
        if state == Confirmation.RECENT:
            return self.filter(last_confirmed__gte=flag)
        if state == Confirmation.FLAGGED:
            return self.filter(
                Q(last_confirmed__lt=flag, last_confirmed__gte=hide)
                | Q(last_confirmed__isnull=True)
            )
        return self.filter(last_confirmed__lt=hide)

    def in_themes(self, theme_ids):
        """Groups tagged with any of these themes, a category meaning all of its themes."""
        themes = Theme.objects.with_children(theme_ids)
        links = Group.themes.through.objects.filter(theme__in=themes)
        return self.filter(pk__in=links.values("group_id"))

    def in_region(self, centre_id):
        return self.filter(region(centre_id))

    def with_facilitator_flag(self):
        """Annotates `has_facilitator`: whether someone can answer on the site (the SQL form
        of Group.active_facilitators)."""
        active = Group.facilitators.through.objects.filter(
            group=OuterRef("pk"), user__is_active=True
        )
        return self.annotate(has_facilitator=Exists(active))


# The fields of a group its history does not keep: derived for search, kept by the site for its
# own bookkeeping, or changed on every save.
HISTORY_EXCLUDED = [
    "search_vector",
    "sort_name",
    "updated_at",
    "confirmation_asked_on",
    "hidden_notice_on",
]


class Group(models.Model):
    ref = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        default=new_group_ref,
        help_text=_("A stable key for import and export."),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), help_text=_("In the group's own language."))
    languages = ArrayField(
        models.CharField(max_length=2, choices=GroupLanguage.choices),
        verbose_name=_("meeting languages"),
        help_text=_("The first one is the language of the description."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="groups")
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    led_by = models.CharField(
        _("led by"), max_length=16, choices=LedBy.choices, default=LedBy.PEERS
    )
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)

    canton = models.ForeignKey(
        Canton,
        verbose_name=_("canton"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
    )
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[POSTCODE_VALIDATOR]
    )
    locality = models.CharField(_("locality"), max_length=80, blank=True)
    meeting_place = models.CharField(
        _("public meeting place"),
        max_length=200,
        blank=True,
        help_text=_("Only if the group publishes it. Never a private address."),
    )

    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    weekday = models.CharField(_("weekday"), max_length=3, choices=Weekday.choices, blank=True)
    week_of_month = models.CharField(
        _("week of the month"), max_length=4, choices=WeekOfMonth.choices, blank=True
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    schedule_note = models.CharField(_("schedule note"), max_length=300, blank=True)

    status = models.CharField(
        _("membership"),
        max_length=8,
        choices=MembershipStatus.choices,
        default=MembershipStatus.OPEN,
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.DRAFT
    )
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_groups",
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where messages go when the group has no facilitator account. Never shown."),
    )
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    # Entering a listing is confirming it: a group is asked again ASK_AFTER_MONTHS later.
    last_confirmed = models.DateField(
        _("last confirmed"), null=True, blank=True, default=timezone.localdate
    )
    # When its people were last asked to confirm it, and told it was hidden: each is sent once
    # per confirmation (ask_for_confirmations): a date older than last_confirmed (or the same
    # day) belongs to an earlier year, however the date was changed.
    confirmation_asked_on = models.DateField(
        _("confirmation asked on"), null=True, blank=True, editable=False
    )
    hidden_notice_on = models.DateField(
        _("told it was hidden on"), null=True, blank=True, editable=False
    )

    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    # Both kept by groups.search.indexing.refresh_groups(): the words of the group and of its
    # themes in every language (French and German stems plus unaccented words), and an
    # accent-free name to sort by (the database's collation would put "É" after "Z").
    search_vector = SearchVectorField(null=True, editable=False)
    sort_name = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GroupQuerySet.as_manager()
    # Every change, whoever makes it (groups/history.py): the facts and the themes as they were
    # after each save, with who saved them. Not kept: what the site derives or keeps for itself.
    history = HistoricalRecords(
        excluded_fields=HISTORY_EXCLUDED,
        m2m_fields=["themes"],
        no_db_index=["slug", "sort_name", "is_demo", "postcode", "canton", "centre"],
        verbose_name=_("version of a group"),
        verbose_name_plural=_("versions of groups"),
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["publication", "canton"], name="group_pub_canton_idx"),
            models.Index(fields=["publication", "-created_at"], name="group_pub_created_idx"),
            models.Index(fields=["postcode"], name="group_postcode_idx"),
            models.Index(fields=["last_confirmed"], name="group_last_confirmed_idx"),
            GinIndex(fields=["languages"], name="group_languages_gin"),
            GinIndex(fields=["search_vector"], name="group_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(format="online")
                | (Q(canton__isnull=False) & ~Q(locality="") & ~Q(postcode="")),
                name="group_in_person_has_place",
                violation_error_message=_(
                    "A group that meets in person needs a canton, a postcode and a locality."
                ),
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=POSTCODE_PATTERN),
                name="group_postcode_format",
            ),
            models.CheckConstraint(
                condition=(Q(frequency="irregular") & Q(weekday=""))
                | (~Q(frequency="irregular") & ~Q(weekday="")),
                name="group_weekday_unless_irregular",
                violation_error_message=_(
                    "A regular group meets on a weekday; an irregular one has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(frequency="monthly") | Q(week_of_month=""),
                name="group_week_of_month_only_monthly",
                violation_error_message=_("Only a monthly group has a week of the month."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="group_ends_after_start",
                violation_error_message=_("A meeting ends after it starts."),
            ),
            models.CheckConstraint(condition=Q(languages__len__gte=1), name="group_has_a_language"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.make_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})

    def curating_centre(self):
        """Who reviews what is proposed or reported about the group: its centre, else the one
        serving its canton (models.region's rule, seen from the group)."""
        return self.centre if self.centre_id else region_centre(self.canton_id)

    def make_slug(self):
        """A readable slug from name and locality (see unique_group_slug)."""
        others = Group.objects.exclude(pk=self.pk)
        return unique_group_slug(
            group_slug_base(self.name, self.locality),
            self.ref,
            lambda slug: others.filter(slug=slug).exists(),
        )

    def active_facilitators(self):
        """The facilitators who can answer on the site (from the prefetch, when there is one).
        The same rule in SQL: GroupQuerySet.with_facilitator_flag."""
        return [user for user in self.facilitators.all() if user.is_active]

    def confirmation_state(self, today=None):
        return confirmation_state(self.last_confirmed, today)

    @property
    def is_listed(self):
        """Shown in the directory: published and not hidden for want of confirmation."""
        return self.is_published and self.confirmation_state() != Confirmation.STALE

    def confirm(self, today=None):
        """Still current: confirmed today, asked again in ASK_AFTER_MONTHS (saves; the page
        cache and the index follow through the save signal)."""
        self.last_confirmed = today or timezone.localdate()
        self.save(update_fields=["last_confirmed", "updated_at"])

    @property
    def is_published(self):
        return self.publication == Publication.PUBLISHED

    @property
    def is_archived(self):
        return self.publication == Publication.ARCHIVED

    @property
    def description_language(self):
        return self.languages[0] if self.languages else ""

    @property
    def meets_in_person(self):
        return self.format != Format.ONLINE


# A break lasts at most a year: the next meetings are looked for that far beyond a break.
BREAK_MAX_DAYS = 366


def break_covers(first_day, last_day, every_year, day):
    """Whether `day` falls in the break first_day..last_day; every year: on the same days of
    each year from first_day on (a break over the new year, 20 December to 6 January, too)."""
    if not every_year:
        return first_day <= day <= last_day
    if day < first_day:
        return False
    start, end = (first_day.month, first_day.day), (last_day.month, last_day.day)
    key = (day.month, day.day)
    if first_day.year == last_day.year:
        return start <= key <= end
    return key >= start or key <= end


class MeetingBreakQuerySet(models.QuerySet):
    def current(self, today=None):
        """The breaks still to come or going on: every yearly one, and the others not over."""
        today = today or timezone.localdate()
        return self.filter(Q(every_year=True) | Q(last_day__gte=today))


class MeetingBreak(models.Model):
    """Days a group does not meet: one cancelled meeting, a break ("no meetings in July and
    August"), once or every year. The next meeting dates and the calendar skip them."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="breaks"
    )
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))
    every_year = models.BooleanField(_("every year"), default=False)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Shown on the group's page.")
    )

    objects = MeetingBreakQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("version of a break"), verbose_name_plural=_("versions of breaks")
    )

    class Meta:
        verbose_name = _("break in meetings")
        verbose_name_plural = _("breaks in meetings")
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="meetingbreak_ends_after_start",
                violation_error_message=_("A break ends on or after the day it begins."),
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.first_day}–{self.last_day}"

    def clean(self):
        if self.first_day and self.last_day:
            if self.last_day < self.first_day:
                raise ValidationError(
                    {"last_day": _("A break ends on or after the day it begins.")}
                )
            if (self.last_day - self.first_day).days >= BREAK_MAX_DAYS:
                raise ValidationError({"last_day": _("A break lasts at most a year.")})

    def covers(self, day):
        return break_covers(self.first_day, self.last_day, self.every_year, day)

    @property
    def is_one_day(self):
        return self.first_day == self.last_day


class Review(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPLIED = "applied", _("Applied")
    DECLINED = "declined", _("Declined")


class ProposedChange(models.Model):
    """A facilitator's new name or themes for their group: what decides where a group is found,
    so its centre (or the national team) reviews it before it shows. One waits per group. Also a
    member's proposal of a new group (is_new_group), reviewed the same way."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="proposed_changes"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A group a member proposed: publishing it is the change (its proposer becomes its
    # facilitator); its name and themes are the group's own.
    is_new_group = models.BooleanField(_("new group"), default=False)
    name = models.CharField(_("new name"), max_length=200, blank=True)
    changes_themes = models.BooleanField(_("changes the themes"), default=False)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("new themes"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=8, choices=Review.choices, default=Review.PENDING
    )
    reply = models.TextField(_("reply to the facilitator"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposed change of name or themes")
        verbose_name_plural = _("proposed changes of name or themes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(state="pending"),
                name="proposedchange_one_pending_per_group",
            ),
        ]

    def __str__(self):
        return str(self.group)


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="join_requests"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    consent = models.BooleanField(_("consent to share name and email with the facilitator"))
    waiting_list = models.BooleanField(_("waiting list"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    decision_message = models.TextField(_("reply"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The notifications about this request, as queued (to facilitators, then to the member).
    emails = models.ManyToManyField("post_office.Email", blank=True, editable=False)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="joinrequest_needs_consent"),
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(status="pending"),
                name="joinrequest_one_open_per_member",
                violation_error_message=_("You already have an open request for this group."),
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.group}"


class ContactMessage(models.Model):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="contact_messages"
    )
    sender_name = models.CharField(_("name"), max_length=80)
    sender_email = models.EmailField(_("email"))
    text = models.TextField(_("message"), max_length=5000)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    # The relayed emails and the sender's copy, as queued: their state is the delivery state.
    emails = models.ManyToManyField("post_office.Email", blank=True, editable=False)
    # The contact form's stamp that sent it (a hash), so that one form sends one message.
    form_stamp = models.CharField(max_length=64, unique=True, null=True, editable=False)
    # The facilitator accounts the message was relayed to: only they read it on the site. One
    # who joins the group later does not read what was written to the centre before.
    relayed_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relayed to"),
        blank=True,
        editable=False,
        related_name="relayed_messages",
    )

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="contactmessage_created_idx")]

    def __str__(self):
        return f"{self.sender_name} → {self.group}"


class ReportReason(models.TextChoices):
    SCHEDULE = "schedule", _("The day or time")
    PLACE = "place", _("The place")
    CONTACT = "contact", _("Getting in touch")
    STOPPED = "stopped", _("The group has stopped")
    OTHER = "other", _("Something else")


class Report(models.Model):
    """A visitor says a listing is out of date: a ticket for the group's centre, which checks,
    corrects the listing if need be, and marks it handled."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("what is wrong"), max_length=10, choices=ReportReason.choices)
    text = models.TextField(_("details"), max_length=2000, blank=True)
    # Optional: only to be asked a question back; never shown on the site.
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    emails = models.ManyToManyField("post_office.Email", blank=True, editable=False)
    # The form's stamp that sent it (a hash): one form sends one report.
    form_stamp = models.CharField(max_length=64, unique=True, null=True, editable=False)

    class Meta:
        verbose_name = _("report of outdated information")
        verbose_name_plural = _("reports of outdated information")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(handled_at=None),
                name="report_open_created_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.group}"


class Alert(models.Model):
    """A member follows a theme (a category meaning all of its themes), anywhere or in one
    canton: a daily digest tells them of the matching groups published or reopened."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="+"
    )
    canton = models.ForeignKey(
        Canton,
        verbose_name=_("canton"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # What the member was told of: groups published or reopened up to this moment.
    told_until = models.DateTimeField(_("told until"), default=timezone.now)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "theme", "canton"],
                nulls_distinct=False,
                name="alert_one_per_theme_and_canton",
                violation_error_message=_("You already follow this theme there."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.theme}" + (f" · {self.canton.code}" if self.canton else "")
