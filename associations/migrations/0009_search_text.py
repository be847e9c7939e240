"""The stored search text that serves the directory on every database.

It replaces the PostgreSQL-only tsvector column (and with it the GIN index of
0004 on that column); PostgreSQL gets trigram indexes for LIKE '%word%' on the
new columns, other databases skip them.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

from associations.search import search_text

INDEXES = [
    GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="association_search_text"),
    GinIndex(fields=["search_name"], opclasses=["gin_trgm_ops"], name="association_search_name"),
]


def fill(apps, schema_editor):
    model = apps.get_model("associations", "Association")
    batch = []
    for association in model.objects.only(
        "name", "name_sv", "description", "business_id"
    ).iterator(chunk_size=2000):
        association.search_name = search_text(association.name, association.name_sv)
        association.search_text = search_text(
            association.name,
            association.name_sv,
            association.description,
            business_id=association.business_id,
        )
        batch.append(association)
        if len(batch) == 2000:
            model.objects.bulk_update(batch, ["search_name", "search_text"])
            batch = []
    model.objects.bulk_update(batch, ["search_name", "search_text"])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("associations", "Association")
    for index in INDEXES:
        schema_editor.add_index(model, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("associations", "Association")
    for index in INDEXES:
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("associations", "0008_import_jobs")]

    operations = [
        migrations.RemoveField(model_name="association", name="search_document"),
        migrations.AddField(
            model_name="association",
            name="search_name",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="association",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
