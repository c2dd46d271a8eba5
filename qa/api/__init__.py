"""The REST API's shell: bearer-token authentication, JSON errors, and the token page."""
from flask import Flask, g, request

from qa.api import services


def bearer_user():
    """The user of this API request, from `Authorization: Bearer <token>` only (never the session cookie)."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.api_user = services.user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
    return g.api_user


def init_api(app: Flask) -> None:
    from qa.api import models, views  # noqa: F401

    app.register_blueprint(views.bp)
