"""Writes elsewhere that grants follow: the association's name that the applications
keep as their sort key, the saves and deletes of applications that change their round's
totals (`totals`), and the writes that put the grant statistics out of date
besides publishing decisions (which `services.decisions_publish` reports itself; see
`statistics` for the design)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from associations.models import Association, FieldOfActivity
from kumppanuus.places.models import Municipality, WelfarePriority, WellbeingCounty

from . import statistics, totals
from .models import Application, ApplicationPriority, GrantBody, Round


def _published(**lookup) -> bool:
    return Application.objects.filter(published_at__isnull=False, **lookup).exists()


def _application_saved(sender, instance, **kwargs):
    # Publishing writes with update(); a save of a published one is the admin's.
    if instance.published_at:
        statistics.changed()


def _priority_saved(sender, instance, **kwargs):
    if _published(pk=instance.application_id):
        statistics.changed()


def _round_saved(sender, instance, created=False, **kwargs):
    if not created and _published(round=instance):
        statistics.changed()


def _name_saved(sender, instance, created=False, **kwargs):
    # A new body, place or field has no grants yet.
    if not created:
        statistics.changed()


def _label_deleted(sender, instance, **kwargs):
    statistics.changed()


def _fields_changed(sender, instance, action, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # reverse: a field's associations changed (instance is the field).
    if reverse or _published(association=instance):
        statistics.changed()


def _application_counted(sender, instance, update_fields=None, **kwargs):
    # The round's totals of the officer's table (a delete of many sends this for each); a
    # save of named fields that the totals do not count leaves them as they are.
    if update_fields is not None and not totals.COUNTED_FIELDS & set(update_fields):
        return
    totals.changed([instance.round_id])


def _association_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and "name" not in update_fields:
        return
    Application.objects.filter(association=instance).exclude(association_name=instance.name).update(
        association_name=instance.name
    )


def connect() -> None:
    post_save.connect(_association_saved, sender=Association, dispatch_uid="grant-sort-key")
    post_save.connect(_application_counted, sender=Application, dispatch_uid="grant-totals")
    post_delete.connect(_application_counted, sender=Application, dispatch_uid="grant-totals")
    uid = "grant-statistics"
    post_save.connect(_application_saved, sender=Application, dispatch_uid=uid)
    post_delete.connect(_application_saved, sender=Application, dispatch_uid=uid)
    post_save.connect(_priority_saved, sender=ApplicationPriority, dispatch_uid=uid)
    post_delete.connect(_priority_saved, sender=ApplicationPriority, dispatch_uid=uid)
    post_save.connect(_round_saved, sender=Round, dispatch_uid=uid)
    for model in (GrantBody, Municipality, WellbeingCounty, FieldOfActivity, WelfarePriority):
        post_save.connect(_name_saved, sender=model, dispatch_uid=uid)
    for model in (FieldOfActivity, WelfarePriority):
        post_delete.connect(_label_deleted, sender=model, dispatch_uid=uid)
    m2m_changed.connect(_fields_changed, sender=Association.fields.through, dispatch_uid=uid)
