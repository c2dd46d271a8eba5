"""The `callibrate` command: Flask's CLI bound to this app (run, db, users, worker, demo, …)."""
from flask.cli import FlaskGroup

from qa import create_app

cli = FlaskGroup(create_app=create_app, help="Callibrate: QA and agent training for customer care.")


def main() -> None:
    cli(prog_name="callibrate")
