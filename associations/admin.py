from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kumppanuus import pagecache
from kumppanuus.history.admin import ChangeAdmin
from kumppanuus.http import posted
from kumppanuus.uploads import UploadField, imports_policy

from . import services
from .forms import AssociationForm
from .importing import ImportReport, column_guide
from .models import (
    Association,
    AssociationChange,
    FieldOfActivity,
    ImportJob,
    Representation,
    RepresentationRequest,
    TargetGroup,
)


class AssociationAdminForm(AssociationForm):
    """The portal's checks of business ID, register number and postal code.

    The lists are left for the admin to build from the model, so that
    filter_horizontal gives them the admin's own widget.
    """

    municipalities = None
    fields = None
    target_groups = None

    class Meta(AssociationForm.Meta):
        fields = [*AssociationForm.Meta.fields, "is_active"]


class AssociationImportForm(forms.Form):
    file = UploadField(
        policy=imports_policy(),
        label=_("File"),
        help_text=_("A CSV (UTF-8) or XLSX file whose first row names the columns."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only, save nothing"),
        required=False,
        help_text=_("Shows what the import would do without changing anything."),
    )


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


class AssociationsAdmin(pagecache.RefreshPublicPagesAdmin):
    """Associations and their lists are on public, cached pages."""

    page_cache_topics = ("associations",)


@admin.register(Association)
class AssociationAdmin(AssociationsAdmin):
    form = AssociationAdminForm
    list_display = ["name", "business_id", "is_active", "is_verified", "updated_at"]
    list_filter = ["is_active", "is_verified", "is_registered", "fields", "municipalities__county"]
    search_fields = ["name", "name_sv", "business_id"]
    filter_horizontal = ["municipalities", "fields", "target_groups"]
    readonly_fields = [
        "slug",
        "is_verified",
        "verified_by",
        "verified_at",
        "created_at",
        "updated_at",
        "history_link",
    ]
    actions = ["verify"]
    inlines = [RepresentationInline]
    fieldsets = [
        (None, {"fields": ["name", "name_sv", "slug", "is_active"]}),
        (
            _("Register"),
            {"fields": ["is_registered", "business_id", "register_number", "founded_year"]},
        ),
        (
            _("Activity"),
            {"fields": ["municipalities", "fields", "target_groups", "description"]},
        ),
        (
            _("Contact details"),
            {
                "fields": [
                    "website",
                    "email",
                    "phone",
                    "street_address",
                    "postal_code",
                    "post_office",
                    "member_count",
                ]
            },
        ),
        (_("Verification"), {"fields": ["is_verified", "verified_by", "verified_at"]}),
        (_("History"), {"fields": ["created_at", "updated_at", "history_link"]}),
    ]

    @admin.action(description=_("Verify the selected associations"))
    def verify(self, request, queryset):
        for association in queryset.filter(is_verified=False):
            services.association_verify(association=association, by=request.user)

    @admin.display(description=_("changes"))
    def history_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        url = reverse("admin:associations_associationchange_changelist")
        return format_html(
            '<a href="{}?association__id__exact={}">{}</a>',
            url,
            obj.pk,
            _("Show the history of changes"),
        )

    def save_model(self, request, obj, form, change):
        # Remember the state before the change; the lists are saved later, in save_related.
        obj._before = (
            services.association_snapshot(Association.objects.get(pk=obj.pk)) if change else {}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.association_record_change(
            association=form.instance,
            user=request.user,
            before=getattr(form.instance, "_before", {}),
            created=not change,
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Representation:
            services.representatives_record_change(
                association=form.instance,
                user=request.user,
                added=[r.user for r in formset.new_objects],
                removed=[r.user for r in formset.deleted_objects],
            )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="associations_association_import",
            ),
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="associations_association_import_job",
            ),
            *super().get_urls(),
        ]

    def _import_context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "title": _("Import associations"),
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
            "columns": column_guide(),
            **context,
        }

    def import_view(self, request):
        """Upload a file; the import runs in the background and its page shows the progress."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AssociationImportForm(posted(request), request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = services.import_job_create(
                upload=form.cleaned_data["file"],
                user=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("admin:associations_association_import_job", job.pk)
        context = self._import_context(
            request,
            form=form,
            jobs=ImportJob.objects.filter(user=request.user)[:5],
        )
        return TemplateResponse(
            request,
            "admin/associations/association/import.html",
            context,
            status=400 if form.errors else 200,
        )

    def import_job_view(self, request, job_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        jobs = ImportJob.objects.all()
        if not request.user.is_superuser:
            jobs = jobs.filter(user=request.user)
        job = get_object_or_404(jobs, pk=job_id)
        report = ImportReport.from_dict(job.report) if job.report else None
        context = self._import_context(
            request, job=job, report=report, form=AssociationImportForm()
        )
        failed = job.status == ImportJob.Status.FAILED or (report and report.failed)
        return TemplateResponse(
            request,
            "admin/associations/association/import.html",
            context,
            status=400 if failed else 200,
        )


class ListEntryAdmin(AssociationsAdmin):
    list_display = ["name_fi", "name_sv", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fi"]}


@admin.register(FieldOfActivity)
class FieldOfActivityAdmin(ListEntryAdmin):
    pass


@admin.register(TargetGroup)
class TargetGroupAdmin(ListEntryAdmin):
    pass


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "association__name"]
    autocomplete_fields = ["user", "association"]
    list_select_related = ["user", "association"]
    readonly_fields = ["created_at"]


@admin.register(RepresentationRequest)
class RepresentationRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "role", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__last_name", "association__name"]
    autocomplete_fields = ["user", "association"]
    list_select_related = ["user", "association"]
    # A decision creates the representation and tells the person: only the actions decide.
    readonly_fields = ["status", "decided_by", "decided_at", "created_at"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected requests"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve):
        decided = 0
        for representation_request in queryset.filter(status=RepresentationRequest.Status.PENDING):
            try:
                services.representation_request_decide(
                    request=representation_request, by=request.user, approve=approve
                )
            except ValidationError:
                continue
            decided += 1
        self.message_user(
            request,
            ngettext("%(count)d request decided.", "%(count)d requests decided.", decided)
            % {"count": decided},
            messages.SUCCESS,
        )


@admin.register(AssociationChange)
class AssociationChangeAdmin(ChangeAdmin):
    """The history of associations (all objects' history: History of changes → changes)."""

    list_display = ["created_at", "target_name", "action_label", "user"]
    list_filter = ["action"]
    search_fields = ["association__name", "association__business_id", "user__email"]
