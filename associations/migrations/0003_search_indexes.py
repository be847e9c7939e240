"""Indexes for the directory search on PostgreSQL (other databases skip them).

The full-text index is built from selectors.SEARCH_VECTOR so that its
expression is exactly the one the search queries use.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from associations.selectors import SEARCH_VECTOR

INDEXES = [
    GinIndex(SEARCH_VECTOR, name="association_search"),
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
    dependencies = [("associations", "0002_managed_lists")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
