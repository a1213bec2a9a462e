"""``flask --app app journeys …``: score answers, roll them up into maps, export maps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING, TextIO

import click
from flask import current_app

import journeys
import surveys
from app.cli_scope import journey_named, organisation_option
from app.errors import CommandGroup
from app.extensions import db, db_session
from app.jobs import drivers
from app.jobs.locks import job_lock_within
from app.scheduler import ROLLUP_JOB, SCORE_JOB
from journeys.map_build import build_map_view
from journeys.map_view import MapFilters
from journeys.render import to_csv, to_json

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

group = CommandGroup("journeys", help="Score answers, roll them up into journey maps, export maps.")


@contextmanager
def as_the_job(job_id: str) -> Iterator[None]:
    """Hold the scheduler's lock of ``job_id`` for a run by hand, so the two never overlap.

    A scheduled run in progress is waited for (``JOB_WAIT_SECONDS``); one that outlasts the wait
    is a refusal, not a second run beside it.
    """
    config = current_app.config

    def waiting() -> None:
        click.echo(f"Waiting for the run of {job_id} in progress to finish…", err=True)

    with job_lock_within(
        db.engine,
        job_id,
        wait=timedelta(seconds=int(config["JOB_WAIT_SECONDS"])),
        lease=timedelta(seconds=int(config["JOB_LEASE_SECONDS"])),
        on_wait=waiting,
    ) as held:
        if not held:
            raise click.ClickException(
                f"The scheduler (or another run by hand) is running this job ({job_id}) now; "
                "try again in a moment."
            )
        yield


def score_with_progress(*, everything: bool = False) -> int:
    """Run the scoring pass, with a progress bar once there is something to score; return how
    many responses it processed."""
    with ExitStack() as stack:
        bar: ProgressBar[int] | None = None

        def show(done: int, total: int, _what: str) -> None:
            nonlocal bar
            if bar is None:
                bar = stack.enter_context(
                    click.progressbar(length=total, label="Scoring answers", show_pos=True)
                )
            bar.update(done - bar.pos)

        return drivers.run_scoring(db_session(), everything=everything, progress=show)


@group.command("score")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Look at every response, not only those changed since the last pass.",
)
def score_command(everything: bool) -> None:
    """Score answers changed since the last pass (every one with --all), committing as it goes.

    A new model version always means a full pass, so stale scores are redone too.
    """
    with as_the_job(SCORE_JOB):
        count = score_with_progress(everything=everything)
    click.echo(f"Processed {count} responses.")


@group.command("rollup")
@click.option("--full", is_flag=True, help="Recompute every bucket instead of the changed days.")
@click.option("--journey", "slug", default=None, help="Only this journey (slug).")
@organisation_option
def rollup_command(full: bool, slug: str | None, organisation_slug: str | None) -> None:
    """Score pending answers, then roll journeys up into new map snapshots, once."""
    # Before scoring: a mistyped slug is said at once, not after minutes of work.
    chosen = journey_named(slug, organisation_slug) if slug else None
    with as_the_job(ROLLUP_JOB):
        with as_the_job(SCORE_JOB):
            score_with_progress()
        targets = [chosen] if chosen else drivers.all_journeys(db_session())
        length = len(targets) * len(journeys.ROLLUP_STEPS)
        with click.progressbar(
            length=length, label="Rolling up", item_show_func=lambda what: what
        ) as bar:
            results = drivers.run_rollup(
                db_session(),
                targets,
                full=full,
                progress=lambda done, _total, what: bar.update(done - bar.pos, current_item=what),
            )
    for r in results:
        state = "new snapshot" if r.created else "unchanged"
        days = "all days" if r.days_rebuilt < 0 else f"{r.days_rebuilt} days"
        click.echo(
            f"{r.journey}: {state} #{r.snapshot_id}, {r.cells} cells, "
            f"{r.pain_points} pain points, {r.alerts} alerts ({days} re-aggregated)"
        )


@group.command("export")
@click.option("--journey", "slug", required=True, help="The journey's slug.")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--persona", default=None, help="Only answers from this persona (name).")
@click.option("--channel", default=None, help="Only answers given on this channel.")
@click.option("--since", default=None, help="Only answers on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Only answers on or before this date (YYYY-MM-DD).")
@click.option("--output", "-o", type=click.File("w"), default="-", help="File (default stdout).")
@organisation_option
def export_command(
    slug: str,
    fmt: str,
    persona: str | None,
    channel: str | None,
    since: str | None,
    until: str | None,
    output: TextIO,
    organisation_slug: str | None,
) -> None:
    """Export a journey map as JSON or CSV: the map the page shows under the same filters."""
    start, end = _day(since, "--since"), _day(until, "--until")
    journey = journey_named(slug, organisation_slug)
    who = surveys.persona_named(db_session(), journey.id, persona) if persona else None
    filters = MapFilters(
        persona_id=who.id if who else None, channel=channel, since=start, until=end
    )
    view = build_map_view(
        db_session(), journey, filters, min_answers=current_app.config["PAIN_POINT_MIN_ANSWERS"]
    )
    output.write(to_json(view) if fmt == "json" else to_csv(view))


def _day(raw: str | None, option: str) -> date | None:
    """An option's date, or a message naming the option."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError as error:
        raise click.BadParameter(
            f"'{raw}' is not a date like 2026-01-31", param_hint=option
        ) from error
