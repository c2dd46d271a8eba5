"""`callibrate scorecards import FILE [--publish]`, `export NAME_OR_ID [--version N] [-o FILE]`, `list`:
scorecards kept as TOML in version control."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from qa.errors import Refused
from qa.extensions import db
from scorecards import services
from scorecards.models import Scorecard, ScorecardVersion, VersionStatus

BAD_INPUT = 2  # the exit status of a file the checks refuse, as for a usage error


@click.group("scorecards")
def scorecards_group():
    """Scorecards: import and export TOML, list them."""


@scorecards_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--publish", is_flag=True, help="Publish the imported version at once.")
def import_command(file: Path, publish: bool):
    """Import a scorecard file: a new scorecard, or a new draft of the one with its name.

    Prints the scorecard's id and name, the version and its status. A file with a mistake names the field
    and exits with status 2, storing nothing.
    """
    try:
        version = services.import_scorecard_toml(file.read_text(encoding="utf-8"), None)
        if publish:
            version = services.publish_version(version.id, None, f"Imported from {file.name}")
    except UnicodeDecodeError:
        _refuse(file, "the file is not UTF-8 text.")
    except Refused as refusal:
        _refuse(file, str(refusal))
    db.session.commit()
    click.echo(f"{version.scorecard_id}\t{version.scorecard.name}\tv{version.number}\t{version.status}")


def _refuse(file: Path, message: str):
    db.session.rollback()
    click.echo(f"{file}: {message}", err=True)
    sys.exit(BAD_INPUT)


@scorecards_group.command("export")
@click.argument("scorecard")
@click.option("--version", "number", type=int, help="The version number (default: the published one, else the "
                                                    "newest).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
def export_command(scorecard: str, number: int | None, output: Path | None):
    """Print a scorecard version as TOML (or write it to --output). SCORECARD is its name or id."""
    version = _version(_scorecard(scorecard), number)
    text = services.export_scorecard_toml(version.id)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {version.label} ({version.status}) to {output}.")


def _scorecard(name_or_id: str) -> Scorecard:
    found = services.find_scorecard_by_name(name_or_id)
    if found is None and name_or_id.isdigit():
        found = db.session.get(Scorecard, int(name_or_id))
    if found is None:
        raise click.ClickException(f"There is no scorecard called {name_or_id!r} (nor with that id); "
                                   "`callibrate scorecards list` shows them.")
    return found


def _version(scorecard: Scorecard, number: int | None) -> ScorecardVersion:
    if number is None:
        return services.published_version(scorecard.id) or scorecard.versions[-1]
    for version in scorecard.versions:
        if version.number == number:
            return version
    raise click.ClickException(f"{scorecard.name} has no version {number}; it has "
                               f"{', '.join(f'v{v.number}' for v in scorecard.versions)}.")


@scorecards_group.command("list")
def list_command():
    """One line per scorecard: id, name, published version, draft version, status."""
    for scorecard in services.list_scorecards():
        by_status = {version.status: version for version in scorecard.versions}
        published, draft = by_status.get(VersionStatus.PUBLISHED.value), by_status.get(VersionStatus.DRAFT.value)
        status = "retired" if scorecard.retired_at else "in use" if published else "not published"
        click.echo("\t".join([str(scorecard.id), scorecard.name, f"v{published.number}" if published else "-",
                              f"v{draft.number}" if draft else "-", status]))
