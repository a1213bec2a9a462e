"""``flask --app app …`` commands: db seed-demo, scheduler run/runs, serve (and the groups)."""

from __future__ import annotations

from types import ModuleType

import click
import flask_migrate.cli as migrate_cli
from flask import Flask

from app import journeys_cli, scheduler, surveys_cli, users_cli
from app.errors import CommandGroup
from app.extensions import db, db_session, the_app
from app.jobs import ledger
from app.serve import serve

# Flask-Migrate's ``db`` group, which ``db seed-demo`` joins (typed here: its module has no stub).
db_group: click.Group = migrate_cli.db
scheduler_group = CommandGroup("scheduler", help="The scheduler process that runs the job table.")


@db_group.command("seed-demo")
@click.option("--answers", default=2000, show_default=True, help="How many responses to generate.")
def seed_demo_command(answers: int) -> None:
    """Create the demo journey with eight weeks of scored answers (skipped if it exists), in the
    demo organisation with an admin, a researcher and a viewer."""
    demo = _demo()
    with click.progressbar(length=answers, label="Generating answers") as bar:
        last = 0

        def progress(done: int, _total: int) -> None:
            nonlocal last
            bar.update(done - last)
            last = done

        journey = demo.seed_demo(db_session(), answers=answers, progress=progress)
        bar.update(answers - last)
    organisation = demo.ensure_demo_accounts(db_session(), journey)
    db.session.commit()
    if journey is None:
        click.echo("The demo journey exists already; nothing added.")
    else:
        click.echo(f"Seeded '{journey.name}' ({journey.slug}) with {answers} answers.")
    click.echo(f"Demo organisation '{organisation.name}'; sign in as:")
    for line in demo.demo_logins(db_session()):
        click.echo(f"  {line}")


def _demo() -> ModuleType:
    """The ``demo`` package, which only a source checkout has (the wheel leaves it out)."""
    try:
        import demo
    except ModuleNotFoundError as error:
        if error.name != "demo":
            raise
        raise click.ClickException(
            "The demo ships with the source checkout, not the installed package: "
            "run this from a checkout of the repository."
        ) from None
    return demo


@scheduler_group.command("run")
def scheduler_run_command() -> None:
    """Run the scheduler in this process (one per deployment is enough; more are safe)."""
    scheduler.run(the_app())


@scheduler_group.command("runs")
@click.option(
    "--job",
    "job_id",
    type=click.Choice([job.id for job in scheduler.JOBS]),
    default=None,
    help="Only this job's runs.",
)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
def scheduler_runs_command(job_id: str | None, limit: int) -> None:
    """List the newest runs with their status (running, ok, failed, skipped, abandoned).

    Runs left "running" by a scheduler that died, whose job's lock is now free, are marked
    abandoned first.
    """
    job_ids = [job_id] if job_id else [job.id for job in scheduler.JOBS]
    ledger.abandon_dead_runs(db_session(), db.engine, job_ids)
    db.session.commit()
    runs = ledger.recent_runs(db_session(), job_id=job_id, limit=limit)
    if not runs:
        click.echo("No runs yet.")
        return
    click.echo(
        f"{'started (UTC)':<20} {'job':<15} {'status':<10} {'took':>8}  {'holder':<24} detail"
    )
    for run in runs:
        took = (
            ""
            if run.finished_at is None
            else f"{(run.finished_at - run.started_at).total_seconds():.1f} s"
        )
        click.echo(
            f"{run.started_at:%Y-%m-%d %H:%M:%S}  {run.job_id:<15} {run.status:<10} {took:>8}  "
            f"{run.holder:<24} {run.detail}"
        )


@click.command("serve")
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="PORT", default=5000, show_default=True, type=int)
@click.option("--workers", envvar="WEB_CONCURRENCY", default=2, show_default=True, type=int)
@click.option("--open-path", default="/", help="The path printed as the URL to open.")
@click.option("--demo-logins", is_flag=True, help="Also print the demo accounts' sign-ins.")
def serve_command(host: str, port: int, workers: int, open_path: str, demo_logins: bool) -> None:
    """Run gunicorn web workers and one scheduler process (restarted if it dies) until Ctrl-C."""
    notes = _demo_login_lines() if demo_logins else []
    raise SystemExit(serve(host, port, workers, open_path, notes))


def _demo_login_lines() -> list[str]:
    lines = _demo().demo_logins(db_session())
    db.session.remove()  # no connection held open while the server runs
    return ["Sign in as one of:", *(f"  {line}" for line in lines)] if lines else []


def register(app: Flask) -> None:
    """Attach the command groups to ``app``."""
    from app import feedback_cli, keys_cli

    app.cli.add_command(feedback_cli.group)
    app.cli.add_command(keys_cli.group)
    app.cli.add_command(journeys_cli.group)
    app.cli.add_command(scheduler_group)
    app.cli.add_command(surveys_cli.group)
    app.cli.add_command(users_cli.group)
    app.cli.add_command(serve_command)
