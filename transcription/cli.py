"""`callibrate import`, `callibrate export interaction`, `callibrate interactions retry`."""
from __future__ import annotations

import csv
import json
import sys
import time
from datetime import datetime
from pathlib import Path

import click

from qa.accounts.services import find_team_by_name, find_user_by_email
from qa.errors import Refused
from qa.extensions import db
from qa.jobs.services import execute_job, live_workers
from transcription.export import interaction_document
from transcription.imports import ImportOptions, ImportResult, import_file
from transcription.models import Channel, Interaction, InteractionStatus
from transcription.services import retry_interaction

MANIFEST_FIELDS = {"file", "agent", "team", "channel", "source_id", "started_at", "agent_channel"}


def _user_id(email: str | None) -> int | None:
    if not email:
        return None
    user = find_user_by_email(email)
    if user is None:
        raise click.UsageError(f"No user with e-mail {email}.")
    return user.id


def _team_id(name: str | None) -> int | None:
    if not name:
        return None
    team = find_team_by_name(name)
    if team is None:
        raise click.UsageError(f"No team called {name!r}.")
    return team.id


def _files_in(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return files


def _manifest_rows(manifest: Path, defaults: ImportOptions) -> list[tuple[Path, ImportOptions]]:
    """Each row: a file (relative to the manifest) and its agent, team, channel, source id, time, metadata."""
    rows = []
    with manifest.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if not row.get("file"):
                raise click.UsageError(f"{manifest}:{number}: the manifest needs a 'file' column and value.")
            try:
                started = datetime.fromisoformat(row["started_at"]) if row.get("started_at") else None
            except ValueError:
                raise click.UsageError(f"{manifest}:{number}: started_at must be ISO 8601.") from None
            options = ImportOptions(
                agent_id=_user_id(row.get("agent")) or defaults.agent_id,
                team_id=_team_id(row.get("team")) or defaults.team_id,
                channel=row.get("channel") or defaults.channel, source_id=row.get("source_id") or None,
                agent_channel=row.get("agent_channel") or defaults.agent_channel,
                started_at=started, details={k: v for k, v in row.items() if k not in MANIFEST_FIELDS and v})
            rows.append((manifest.parent / row["file"], options))
    return rows


def _wait_for(interaction_ids: list[int]) -> None:
    """Let a running worker do the jobs; with none running, run them here."""
    if not live_workers():
        for interaction in db.session.scalars(db.select(Interaction).where(Interaction.id.in_(interaction_ids))):
            if interaction.status in (InteractionStatus.RECEIVED.value, InteractionStatus.PROCESSING.value):
                execute_job(interaction.job_id)
        return
    pending = {InteractionStatus.RECEIVED.value, InteractionStatus.PROCESSING.value}
    while db.session.scalar(db.select(db.func.count()).select_from(Interaction).where(
            Interaction.id.in_(interaction_ids), Interaction.status.in_(pending))):
        time.sleep(0.5)
        db.session.rollback()  # see the worker's commits


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--agent", help="E-mail of the agent who handled these interactions.")
@click.option("--team", help="Team name.")
@click.option("--channel", type=click.Choice([c.value for c in Channel]))
@click.option("--agent-channel", type=click.Choice(["left", "right"]),
              help="Which stereo channel is the agent (default: AGENT_CHANNEL).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV: file, agent, team, channel, source_id, started_at, agent_channel; "
                   "other columns become metadata.")
@click.option("--wait", is_flag=True, help="Process before returning (runs the jobs here if no worker runs).")
def import_command(paths, agent, team, channel, agent_channel, manifest, wait):
    """Import recordings and transcripts; prints one line per interaction: id, status, source."""
    defaults = ImportOptions(agent_id=_user_id(agent), team_id=_team_id(team), channel=channel,
                             agent_channel=agent_channel)
    work = [(path, defaults) for path in _files_in(list(paths))]
    if manifest:
        work += _manifest_rows(manifest, defaults)
    if not work:
        raise click.UsageError("Nothing to import: give files, folders or --manifest.")
    results: list[ImportResult] = []
    for path, options in work:
        try:
            file_results = import_file(path.read_bytes(), path.name, options)
        except OSError as error:
            file_results = [ImportResult(path.name, "failed", error=f"cannot read the file: {error.strerror}")]
        db.session.commit()
        results.extend(file_results)
    imported = [r.interaction_id for r in results if r.interaction_id]
    if wait and imported:
        _wait_for(imported)
    failed = _report(results, final=wait)
    sys.exit(1 if failed else 0)


def _report(results: list[ImportResult], final: bool) -> bool:
    failed = False
    for result in results:
        if result.interaction_id is None:
            failed = True
            click.echo(f"{result.filename}: {result.error}", err=True)
            continue
        status = result.status
        if final:
            interaction = db.session.get(Interaction, result.interaction_id, populate_existing=True)
            status = interaction.status if result.status != "duplicate" else "duplicate"
            if interaction.status == InteractionStatus.FAILED.value:
                failed = True
                click.echo(f"{result.filename}: interaction {interaction.id} failed: {interaction.error}", err=True)
        click.echo(f"{result.interaction_id}\t{status}\t{result.source_id or result.filename}")
    return failed


@click.group("export")
def export_group():
    """Export data as JSON."""


@export_group.command("interaction")
@click.argument("interaction_id", type=int)
def export_interaction(interaction_id):
    """The interaction with its utterances and metrics, as the API returns it."""
    interaction = db.session.get(Interaction, interaction_id)
    if interaction is None:
        raise click.ClickException(f"There is no interaction {interaction_id}.")
    click.echo(json.dumps(interaction_document(interaction), indent=2, ensure_ascii=False))


@click.group("interactions")
def interactions_group():
    """Manage interactions."""


@interactions_group.command("retry")
@click.argument("interaction_id", type=int)
def retry_command(interaction_id):
    """Process a failed interaction again, from its first unfinished step."""
    try:
        interaction = retry_interaction(interaction_id)
    except Refused as refusal:
        raise click.ClickException(str(refusal)) from None
    db.session.commit()
    click.echo(f"{interaction.id}\t{interaction.status}\t{interaction.source_id or interaction.original_filename}")
