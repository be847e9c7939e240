"""Each version notes its empty sections, and its stored text is the sanitised text the pages
show as it is (they no longer sanitise it again per request)."""

from django.db import migrations, models


def prepare_versions(apps, schema_editor):
    from kumppanuus.partnerships.sections import SECTION_KEYS
    from kumppanuus.partnerships.text import clean_html, is_empty

    GuidelineVersion = apps.get_model("partnerships", "GuidelineVersion")
    for version in GuidelineVersion.objects.only("pk", "sections").iterator(chunk_size=500):
        sections = {key: clean_html(version.sections.get(key, "")) for key in SECTION_KEYS}
        # A queryset update: a version is never saved twice (its save() refuses).
        GuidelineVersion.objects.filter(pk=version.pk).update(
            sections=sections,
            empty_keys=[key for key in SECTION_KEYS if is_empty(sections[key])],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_guidelines"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidelineversion",
            name="empty_keys",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text=(
                    "The keys of the sections without text, noted when the version is stored."
                ),
                verbose_name="empty sections",
            ),
        ),
        migrations.RunPython(prepare_versions, migrations.RunPython.noop, elidable=True),
    ]
