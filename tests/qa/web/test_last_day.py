"""'Up to 9999-12-31' is a filter like any other: the last day there is has no day after it, and no page fails on it."""
import pytest

from qa.roles import Role


@pytest.mark.parametrize("path", ["/evaluations/?date_to=9999-12-31", "/interactions/?date_to=9999-12-31",
                                  "/admin/audit?date_to=9999-12-31"])
def test_the_last_day_there_is_as_an_upper_bound(client_for, path):
    assert client_for(Role.ADMIN).get(path).status_code == 200
