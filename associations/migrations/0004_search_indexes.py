"""Indexes for the directory search on PostgreSQL (other databases skip them)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    GinIndex(fields=["search_document"], name="association_search_document"),
    GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="association_name_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("associations", "Association")
    for index in INDEXES:
        schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("associations", "Association")
    for index in INDEXES:
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("associations", "0003_search_document")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
