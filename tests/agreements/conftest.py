"""Builders for agreements and premises."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kumppanuus.agreements.models import Agreement, Party, ReviewDate
from kumppanuus.places.models import Premises


def make_agreement(
    municipality,
    associations,
    *,
    status="draft",
    starts=10,
    ends=400,
    reviews=(),
    title="Lähiliikuntapaikat",
    accepted=False,
) -> Agreement:
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        municipality=municipality,
        title=title,
        goals="Yhteiset tavoitteet",
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
        status=status,
    )
    when = timezone.now() if accepted or status != "draft" else None
    Party.objects.create(
        agreement=agreement, responsibilities="Kunta antaa tilat", accepted_at=when
    )
    for association in associations:
        Party.objects.create(
            agreement=agreement,
            association=association,
            responsibilities="Talkoot",
            accepted_at=when,
        )
    for days in reviews:
        ReviewDate.objects.create(agreement=agreement, date=today + timedelta(days=days))
    return agreement


def make_premises(municipality, name="Kunnantalon sali", capacity=50, **fields) -> Premises:
    fields.setdefault("address", "Keskustie 10")
    fields.setdefault("is_free", True)
    fields.setdefault("booking", "Soita kuntaan")
    return Premises.objects.create(
        municipality=municipality, name=name, capacity=capacity, **fields
    )


@pytest.fixture
def draft(municipality, association):
    return make_agreement(municipality, [association])
