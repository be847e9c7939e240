from django.contrib import admin

from .models import ContactPerson, Municipality, WellbeingCounty


@admin.register(WellbeingCounty)
class WellbeingCountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "business_id"]
    search_fields = ["name_fi", "name_sv", "code"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "county", "valid_from", "valid_to"]
    list_filter = ["county"]
    search_fields = ["name_fi", "name_sv", "code"]
    inlines = [ContactPersonInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "title", "is_public"]
    list_filter = ["municipality__county", "is_public"]
    search_fields = ["user__email", "user__last_name", "municipality__name_fi"]
    autocomplete_fields = ["user", "municipality"]
    list_select_related = ["user", "municipality"]
