"""The role sets the access matrix speaks in; packages' `routes.py` modules use them too."""
from qa.roles import STAFF_ROLES, Role

PUBLIC = "public"
SIGNED_IN = frozenset(Role)
STAFF = frozenset(STAFF_ROLES)
ADMIN = frozenset({Role.ADMIN})
IMPORTERS = frozenset({Role.ADMIN, Role.QA_LEAD, Role.REVIEWER})


class Api(frozenset):
    """Roles of an API route: reached with a bearer token, never with the session."""
