"""An id too large for the database is a 404 on every route, never a database error."""
import pytest

from qa.roles import Role


@pytest.mark.parametrize("path", ["/interactions/99999999999999999999", "/evaluations/2147483648",
                                  "/reviews/99999999999999999999", "/scorecards/2147483648"])
def test_an_id_beyond_the_database_integer_is_not_found(client_for, path):
    assert client_for(Role.QA_LEAD).get(path).status_code == 404


def test_the_largest_id_still_reaches_the_view(client_for):
    response = client_for(Role.QA_LEAD).get("/evaluations/2147483647")
    assert response.status_code == 404 and "no evaluation 2147483647" in response.get_data(as_text=True)
