"""Error pages that say what happened, with the right status and never a stack trace."""
import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from qa.extensions import db

log = logging.getLogger(__name__)

EXPLANATIONS = {
    400: "The request could not be used.",
    401: "You need to sign in first.",
    403: "Your account does not have access to this page.",
    404: "There is nothing at this address.",
    405: "This page does not accept that kind of request.",
    413: "The upload is larger than this site allows.",
    429: "Too many attempts. Wait a little and try again.",
    500: "Something went wrong on our side. The error was logged; nothing was saved.",
}


def _render(status: int, title: str, detail: str | None):
    if request.path.startswith("/api/"):
        # One stable shape for every API error.
        return jsonify(error={"status": status, "title": title,
                              "message": detail or EXPLANATIONS.get(status, title)}), status
    return render_template("errors/error.html", status=status, title=title,
                           explanation=EXPLANATIONS.get(status, ""), detail=detail), status


def handle_http_error(error: HTTPException):
    detail = error.description if error.description != type(error).description else None
    return _render(error.code or 500, error.name, detail)


def handle_csrf_error(error: CSRFError):
    db.session.rollback()
    return _render(400, "Form expired or forged",
                   f"{error.description} Reload the page and submit the form again.")


def handle_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    db.session.rollback()
    log.exception("Unhandled error")
    return _render(500, InternalServerError.name, None)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
