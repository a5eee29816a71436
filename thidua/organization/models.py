import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from tree_queries.models import TreeNode

from thidua.core.models import TimeStampedModel
from thidua.core.text import fold, name_sort_key, nfc


class Agency(TimeStampedModel):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    separation_of_duties = models.BooleanField(
        _("separation of duties"), default=True,
        help_text=_("Whoever prepares or submits a dossier may not review it at the next level nor sign its decision."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    @property
    def root_unit(self):
        return self.units.filter(parent__isnull=True).order_by("pk").first()


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Agency")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")
    CENTRE = "centre", _("Centre")
    OTHER = "other", _("Other")


class Unit(TreeNode, TimeStampedModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units", verbose_name=_("agency"))
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    position = models.PositiveIntegerField(_("order"), default=0)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
        verbose_name=_("successor"),
    )
    search_text = models.CharField(max_length=512, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unique_unit_code_per_agency")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organization:unit_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.search_text = f"{fold(self.name)} {fold(self.code)}"
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    def name_on(self, day: datetime.date | None) -> str:
        """The unit's name as it was on `day` (past records keep the name of their time)."""
        if day is None:
            return self.name
        for entry in self.name_history.all():
            if entry.valid_to is not None and entry.valid_to < day:
                continue
            if entry.valid_from is not None and entry.valid_from > day:
                continue
            return entry.name
        return self.name

    def lineage_ids(self) -> list[int]:
        """This unit and every unit merged or dissolved into it, transitively."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Unit.objects.filter(successor_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


class UnitName(models.Model):
    """A former name of a unit and the period it was used."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="name_history")
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_to"]


class UnitChangeKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move under another parent")
    DISSOLVE = "dissolve", _("Dissolve")


class UnitChange(models.Model):
    """A dated reorganisation event; the units involved keep their history."""

    kind = models.CharField(_("kind"), max_length=16, choices=UnitChangeKind.choices)
    effective_on = models.DateField(_("effective on"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    sources = models.ManyToManyField(Unit, related_name="changes_out", verbose_name=_("from"))
    targets = models.ManyToManyField(Unit, related_name="changes_in", blank=True, verbose_name=_("to"))
    details = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")


class PersonCategory(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    WORKER = "worker", _("Worker")
    NA_DEPUTY = "na_deputy", _("National Assembly deputy")


class Person(TimeStampedModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="people", verbose_name=_("agency"))
    code = models.CharField(_("code"), max_length=32)
    full_name = models.CharField(_("full name"), max_length=255)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=PersonCategory.choices)
    position = models.CharField(_("position"), max_length=255, blank=True)
    rank = models.CharField(_("rank"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("current unit")
    )
    is_active = models.BooleanField(_("working"), default=True)
    search_text = models.CharField(max_length=512, editable=False, db_index=True, default="")
    sort_name = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["sort_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unique_person_code_per_agency")]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("organization:person_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)

    def clean(self):
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})

    def refresh_derived(self):
        self.full_name = nfc(self.full_name)
        self.search_text = f"{fold(self.full_name)} {fold(self.code)}"
        self.sort_name = name_sort_key(self.full_name)


class Membership(models.Model):
    """A person's time in a unit; `unit` stays as it was, the unit's name on `start_date` is shown."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="one_open_membership_per_person"
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    @property
    def unit_name_then(self) -> str:
        return self.unit.name_on(self.start_date)


class Rating(models.TextChoices):
    HTXSNV = "HTXSNV", _("Excellently completed duties")
    HTTNV = "HTTNV", _("Well completed duties")
    HTNV = "HTNV", _("Completed duties")
    KHTNV = "KHTNV", _("Did not complete duties")


class YearlyRating(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_rating_per_person_year"),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2200), name="rating_year_sane"),
        ]
        verbose_name = _("yearly rating")
        verbose_name_plural = _("yearly ratings")


class UnitRating(models.Model):
    """A collective's yearly quality rating (xếp loại tập thể), on the same scale as people's."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("set by"))
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_rating_per_unit_year")]
        verbose_name = _("collective rating")
        verbose_name_plural = _("collective ratings")


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    SALARY_DEMOTION = "salary_demotion", _("Salary step reduction")
    DEMOTION = "demotion", _("Demotion")
    REMOVAL = "removal", _("Removal from office")
    DISMISSAL = "dismissal", _("Dismissal")


class Discipline(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disciplines")
    form = models.CharField(_("form"), max_length=20, choices=DisciplineForm.choices)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-decision_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="discipline_period_ordered",
            )
        ]
        verbose_name = _("disciplinary measure")
        verbose_name_plural = _("disciplinary measures")


class DeferralGround(models.TextChoices):
    DISCIPLINE_REVIEW = "discipline_review", _("Under discipline review")
    INVESTIGATION = "investigation", _("Under investigation")
    INSPECTION = "inspection", _("Under inspection or audit")


class Deferral(models.Model):
    """No proposal for commendation while a person is under discipline review, investigation or inspection:
    the engine reads an open deferral on the date of consideration as a condition not met."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deferrals")
    ground = models.CharField(_("ground"), max_length=20, choices=DeferralGround.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    reference = models.CharField(_("document"), max_length=128, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="deferral_period_ordered"),
        ]
        verbose_name = _("deferral of commendation")
        verbose_name_plural = _("deferrals of commendation")

    def __str__(self):
        return f"{self.get_ground_display()} {self.start_date:%d/%m/%Y}"

    def active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class BlockKind(models.TextChoices):
    BLOCK = "block", _("Emulation block")
    CLUSTER = "cluster", _("Emulation cluster")


class EmulationBlock(TimeStampedModel):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=BlockKind.choices, default=BlockKind.BLOCK)
    host_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_blocks",
        verbose_name=_("standing agency"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("emulation block")
        verbose_name_plural = _("emulation blocks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organization:block_detail", args=[self.pk])


class BlockRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")


class BlockMembership(models.Model):
    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="block_memberships")
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(_("role"), max_length=10, choices=BlockRole.choices, default=BlockRole.MEMBER)

    class Meta:
        ordering = ["-year", "role", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["block", "agency", "year"], name="one_block_membership_per_year"),
            models.UniqueConstraint(
                fields=["block", "year"], condition=Q(role="leader"), name="one_block_leader_per_year"
            ),
            models.UniqueConstraint(
                fields=["block", "year"], condition=Q(role="deputy"), name="one_block_deputy_per_year"
            ),
        ]
        verbose_name = _("block membership")
        verbose_name_plural = _("block memberships")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    COMMITTING = "committing", _("Writing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An uploaded file going through dry run and commit, possibly in a background task."""

    kind = models.CharField(_("kind"), max_length=16)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, verbose_name=_("agency"))
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.CHECKING)
    progress = models.PositiveSmallIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.CHECKED, ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def has_errors(self) -> bool:
        return bool(self.report.get("errors")) or bool(self.report.get("file_error"))


class ImportBatchStatus(models.TextChoices):
    APPLYING = "applying", _("Writing")
    DONE = "done", _("Imported")
    ROLLED_BACK = "rolled_back", _("Undone")


class ImportBatch(models.Model):
    """One commit of an import, written in short chunks: until it is done its journal can undo every chunk."""

    kind = models.CharField(max_length=16)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    status = models.CharField(max_length=12, choices=ImportBatchStatus.choices, default=ImportBatchStatus.APPLYING)
    started_at = models.DateTimeField(auto_now_add=True)
    touched_at = models.DateTimeField(auto_now=True)  # each chunk touches it: a stale APPLYING batch was cut off


class ImportJournal(models.Model):
    """The staging table of a batch: a row it created (before is null) or a row's values before it changed it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="journal")
    model = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    before = models.JSONField(null=True, encoder=DjangoJSONEncoder)


class AgencyHoliday(models.Model):
    """A day off of one agency on top of the national holidays (a local anniversary, a day swapped by its head);
    the agency's administrators keep it and its working-day periods skip it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("agency"))
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["agency", "date"], name="one_day_off_per_agency_and_date")]
        verbose_name = _("agency day off")
        verbose_name_plural = _("agency days off")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"
