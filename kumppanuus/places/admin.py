from django.contrib import admin

from kumppanuus import pagecache

from .models import ContactPerson, Municipality, WellbeingCounty


class RefreshPublicPagesMixin:
    """Municipalities and contact persons are on public, cached pages."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pagecache.invalidate()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pagecache.invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pagecache.invalidate()


@admin.register(WellbeingCounty)
class WellbeingCountyAdmin(RefreshPublicPagesMixin, admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "business_id"]
    search_fields = ["name_fi", "name_sv", "code"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(RefreshPublicPagesMixin, admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "county", "valid_from", "valid_to"]
    list_filter = ["county"]
    search_fields = ["name_fi", "name_sv", "code"]
    inlines = [ContactPersonInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(RefreshPublicPagesMixin, admin.ModelAdmin):
    list_display = ["user", "municipality", "title", "is_public"]
    list_filter = ["municipality__county", "is_public"]
    search_fields = ["user__email", "user__last_name", "municipality__name_fi"]
    autocomplete_fields = ["user", "municipality"]
    list_select_related = ["user", "municipality"]
