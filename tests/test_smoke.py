import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/yhdistykset/",
        "/kunnat/",
        "/saavutettavuusseloste/",
        "/tietosuojaseloste/",
        "/tili/kirjaudu/",
        "/tili/salasana/unohtunut/",
    ],
)
def test_public_pages_answer_in_finnish(client, association, url):
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="fi">' in response.content.decode()
