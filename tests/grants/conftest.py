import pytest

from tests.grants import builders


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def body(municipality):
    return builders.make_body(
        municipality, name_fi="Liperin liikuntatoimi", name_sv="Libelits idrott"
    )


@pytest.fixture
def open_round(body):
    return builders.make_open_round(body)


@pytest.fixture
def officer(body):
    from tests import factories

    return builders.make_officer(body, factories.make_user("avustus@example.fi"))


@pytest.fixture
def draft(open_round, association, representative):
    return builders.make_application(open_round, association)


@pytest.fixture
def closed_round(body):
    return builders.make_closed_round(body)
