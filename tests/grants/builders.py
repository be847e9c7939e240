"""Builders for grants: bodies, officers, rounds in each state, applications."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import Application, BudgetLine, GrantBody, GrantOfficer, Round


def make_body(municipality=None, county=None, kind=GrantBody.Kind.SPORTS, **fields) -> GrantBody:
    fields.setdefault("name_fi", f"{municipality or county} {kind}")
    fields.setdefault("board", "Vapaa-aikalautakunta")
    return GrantBody.objects.create(municipality=municipality, county=county, kind=kind, **fields)


def make_officer(body, user) -> object:
    GrantOfficer.objects.create(body=body, user=user)
    return user


def make_round(body, *, opens_at=None, closes_at=None, **fields) -> Round:
    now = timezone.now()
    fields.setdefault("name_fi", "Toiminta-avustukset 2027")
    fields.setdefault("name_sv", "Verksamhetsunderstöd 2027")
    fields.setdefault("kind", Round.Kind.OPERATING)
    fields.setdefault("money_available", Decimal("20000.00"))
    return Round.objects.create(
        body=body,
        opens_at=opens_at or now - timedelta(days=10),
        closes_at=closes_at or now + timedelta(days=20),
        **fields,
    )


def make_open_round(body, **fields) -> Round:
    return make_round(body, **fields)


def make_coming_round(body, **fields) -> Round:
    now = timezone.now()
    return make_round(
        body, opens_at=now + timedelta(days=5), closes_at=now + timedelta(days=40), **fields
    )


def make_closed_round(body, **fields) -> Round:
    now = timezone.now()
    return make_round(
        body, opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=5), **fields
    )


def make_application(round, association, *, complete=False, **fields) -> Application:
    if complete:
        fields.setdefault("purpose", "Junioritoiminta")
        fields.setdefault("description", "Harjoitukset kahdesti viikossa.")
        fields.setdefault("amount_requested", Decimal("1500.00"))
        fields.setdefault("contact_name", "Testi Edustaja")
        fields.setdefault("contact_email", "edustaja@example.fi")
    application = Application.objects.create(round=round, association=association, **fields)
    if complete:
        BudgetLine.objects.create(
            application=application,
            kind=BudgetLine.Kind.EXPENSE,
            description="Salivuokrat",
            amount=Decimal("2000.00"),
        )
    return application
