"""The `callibrate` command: Flask's CLI bound to this app (run, db, users, worker, demo, …)."""
import sys

import click
from flask.cli import FlaskGroup

from qa import create_app
from qa.settings import SettingError

cli = FlaskGroup(create_app=create_app, help="Callibrate: QA and agent training for customer care.")


def main() -> None:
    try:
        cli.main(prog_name="callibrate")
    except SettingError as error:
        # A configuration mistake is the operator's to fix: say which setting, not a traceback.
        click.echo(f"callibrate: {error}", err=True)
        sys.exit(2)
