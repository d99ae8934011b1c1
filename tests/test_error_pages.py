"""Error pages speak the visitor's language, also for paths that match no route."""

import pytest
from flask_babel import force_locale, gettext


@pytest.mark.parametrize("lang", ["th", "ur", "ko"])
def test_a_page_that_does_not_exist_is_explained_in_the_language_of_its_prefix(app, client,
                                                                              lang):
    response = client.get(f"/{lang}/nothing-here/at-all")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    with app.test_request_context(), force_locale(lang):
        title = gettext("Page not found")
    assert title != "Page not found" and title in page


def test_a_missing_file_without_prefix_is_explained_in_the_browsers_language(client):
    response = client.get("/static/nothing.css", headers={"Accept-Language": "th"})
    assert response.status_code == 404
    assert '<html lang="th"' in response.get_data(as_text=True)
