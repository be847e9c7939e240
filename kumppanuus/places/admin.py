from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from kumppanuus import pagecache
from kumppanuus.uploads import UploadField, csv_policy

from .bulk_invite import contact_persons_invite_from_file
from .models import ContactPerson, Municipality, Premises, WellbeingCounty


class ContactPersonInviteForm(forms.Form):
    file = UploadField(
        policy=csv_policy(),
        label=_("File"),
        help_text=_(
            "A CSV file (UTF-8, ; or , between the columns) whose first row names the columns "
            "email, municipality code and title."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Check only, invite nobody"),
        required=False,
        help_text=_("Shows what would happen without sending any invitation."),
    )


class PlacesAdmin(pagecache.RefreshPublicPagesAdmin):
    """Counties, municipalities and contact persons are on public, cached pages."""

    page_cache_topics = ("places",)


@admin.register(WellbeingCounty)
class WellbeingCountyAdmin(PlacesAdmin):
    list_display = ["code", "name_fi", "name_sv", "business_id"]
    search_fields = ["name_fi", "name_sv", "code"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(PlacesAdmin):
    list_display = [
        "code",
        "name_fi",
        "name_sv",
        "language",
        "region_name_fi",
        "county",
        "valid_to",
        "successor",
    ]
    list_filter = ["county", "language", "region_name_fi"]
    search_fields = ["name_fi", "name_sv", "code"]
    list_select_related = ["county", "successor"]
    autocomplete_fields = ["successor"]
    inlines = [ContactPersonInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(PlacesAdmin):
    list_display = ["user", "municipality", "title", "is_public"]
    list_filter = ["municipality__county", "is_public"]
    search_fields = ["user__email", "user__last_name", "municipality__name_fi"]
    autocomplete_fields = ["user", "municipality"]
    list_select_related = ["user", "municipality"]

    def get_urls(self):
        return [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="places_contactperson_invite",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request):
        """Invite municipal contact persons in bulk from a CSV file, with a report per row."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        status = 200
        if request.method == "POST":
            form = ContactPersonInviteForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                report = contact_persons_invite_from_file(
                    upload,
                    name=upload.name,
                    invited_by=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    language=request.LANGUAGE_CODE,
                )
                if report.failed:
                    status = 400
            else:
                status = 400
        else:
            form = ContactPersonInviteForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite municipal contact persons"),
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
            "form": form,
            "report": report,
        }
        return TemplateResponse(
            request, "admin/places/contactperson/invite.html", context, status=status
        )


@admin.register(Premises)
class PremisesAdmin(pagecache.RefreshPublicPagesAdmin):
    page_cache_topics = ("places",)
    list_display = ["name", "municipality", "capacity", "is_free"]
    list_filter = ["is_free", "step_free"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["municipality"]
