from django.db import migrations, models


def fill(apps, schema_editor):
    """As forums.models.name_search_text: the names case-folded, in one text."""
    Forum = apps.get_model("forums", "Forum")
    forums = list(Forum.objects.only("name", "name_sv"))
    for forum in forums:
        forum.name_search = " ".join(n.casefold() for n in (forum.name, forum.name_sv) if n)
    Forum.objects.bulk_update(forums, ["name_search"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0004_meeting_public_start"),
    ]

    operations = [
        migrations.AddField(
            model_name="forum",
            name="name_search",
            field=models.CharField(blank=True, editable=False, max_length=401),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
