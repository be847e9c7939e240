from django.contrib import admin

from kumppanuus.pagecache import RefreshPublicPagesAdmin

from .models import (
    Application,
    ApplicationAttachment,
    BudgetLine,
    GrantBody,
    GrantOfficer,
    Payment,
    Round,
    ScoringCriterion,
)


class OfficerInline(admin.TabularInline):
    model = GrantOfficer
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(GrantBody)
class GrantBodyAdmin(RefreshPublicPagesAdmin):
    page_cache_topics = ("grants",)
    list_display = ["name_fi", "kind", "municipality", "county"]
    list_filter = ["kind"]
    search_fields = ["name_fi", "name_sv"]
    inlines = [OfficerInline]


class CriterionInline(admin.TabularInline):
    model = ScoringCriterion
    extra = 0


@admin.register(Round)
class RoundAdmin(RefreshPublicPagesAdmin):
    page_cache_topics = ("grants",)
    list_display = ["name_fi", "body", "kind", "opens_at", "closes_at"]
    list_filter = ["kind"]
    search_fields = ["name_fi", "name_sv"]
    inlines = [CriterionInline]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    fields = ["type", "original_name", "confidential", "uploaded_at"]
    readonly_fields = ["original_name", "uploaded_at"]


class PaymentInline(admin.TabularInline):
    """Payments are recorded on the grant's payments page, where the total is checked."""

    model = Payment
    extra = 0
    fields = ["instalment", "paid_on", "amount", "recorded_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["association", "round", "status", "amount_requested", "reference"]
    list_filter = ["status"]
    search_fields = ["association__name", "reference"]
    raw_id_fields = ["association", "round", "created_by"]
    inlines = [BudgetLineInline, AttachmentInline, PaymentInline]
