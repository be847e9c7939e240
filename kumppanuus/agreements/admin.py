from django.contrib import admin

from kumppanuus import pagecache

from . import reminders
from .models import Agreement, Attachment, Party, ReviewDate


class PartyInline(admin.StackedInline):
    model = Party
    extra = 0
    autocomplete_fields = ["association"]
    readonly_fields = ["accepted_at", "accepted_by"]


class ReviewDateInline(admin.TabularInline):
    model = ReviewDate
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "uploaded_by", "created_at"]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(pagecache.RefreshPublicPagesAdmin):
    """For what the portal's pages leave out, such as a wellbeing services county's agreement.
    Each party still accepts on the agreement's page; saving here re-plans the reminders."""

    page_cache_topics = ("agreements",)
    list_display = ["title", "municipality", "county", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    search_fields = ["title", "municipality__name_fi", "county__name_fi"]
    autocomplete_fields = ["municipality", "county"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    inlines = [PartyInline, ReviewDateInline, AttachmentInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reminders.plan(form.instance)
