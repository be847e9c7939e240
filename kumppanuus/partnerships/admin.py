from django.contrib import admin

from kumppanuus.pagecache import RefreshPublicPagesAdmin

from .models import Guideline, GuidelineVersion


class VersionInline(admin.TabularInline):
    model = GuidelineVersion
    fields = ["number", "published_at", "published_by_name", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Guideline)
class GuidelineAdmin(RefreshPublicPagesAdmin):
    """Guidelines are written on their own pages; the admin shows them and their versions.

    The texts are read-only here so that nothing bypasses the sanitising and the
    edit conflict check of the guideline's edit page.
    """

    page_cache_topics = ("guidelines",)
    list_display = ["__str__", "latest", "draft_updated_at"]
    list_select_related = ["municipality", "county", "latest"]
    search_fields = ["municipality__name_fi", "county__name_fi"]
    readonly_fields = [
        "municipality",
        "county",
        "draft",
        "draft_version",
        "draft_updated_at",
        "draft_updated_by",
        "latest",
    ]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False
