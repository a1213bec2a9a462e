"""``flask --app app feedback …``: import feedback files; set where a survey may be embedded."""

from __future__ import annotations

import gc
from contextlib import nullcontext
from pathlib import Path

import click
from sqlalchemy import select

import journeys
import surveys
from app.api.origins import InvalidOrigin, edit_origins
from app.cli_scope import journey_named, organisation_named, organisation_option
from app.errors import CommandGroup
from app.extensions import db, db_session
from app.journeys_cli import as_the_job
from app.scheduler import SCORE_JOB
from journeys.scoring_worker import WORKER_MIN_ROWS, PendingScores, ScoringWorker, spare_core
from surveys.csv_file import CsvFile
from surveys.importer import FeedbackImporter, ImportSpec
from surveys.intake import PreparedResponse
from surveys.models import CHANNELS, Survey

group = CommandGroup(
    "feedback", help="Import feedback files; manage where surveys may be embedded."
)

PROGRESS_STEP = 500  # lines read between two redraws of the progress bar


def _decode(path: Path) -> str:
    """The file as text (UTF-8, with or without a BOM); a bad byte is reported by its line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise click.ClickException(
            f"{path.name}, line {line}: not UTF-8 text (save the file as UTF-8 CSV)"
        ) from None


class _LongLivedObjects:
    """Keeps the garbage collector off the objects that live as long as the import.

    Each batch allocates thousands of small containers, so collections run often, and the
    oldest generation's walks every object alive — the app, its mappers, the scoring model — to
    free only a batch's leftovers. Once the first batch has landed (the model loaded, the
    statements compiled) those objects are frozen, so collections skip them (measured: a tenth
    of an import's time); leaving the ``with`` block unfreezes them.
    """

    def __init__(self) -> None:
        self.frozen = False

    def settle(self) -> None:
        """Freeze what is alive now, the first time only."""
        if not self.frozen:
            gc.collect()
            gc.freeze()
            self.frozen = True

    def __enter__(self) -> _LongLivedObjects:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.frozen:
            gc.unfreeze()


@group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--journey", "journey_slug", required=True, help="Slug of the journey.")
@click.option("--stage", required=True, help="Journey stage the feedback belongs to.")
@click.option("--touchpoint", help="Touchpoint of every row.")
@click.option("--touchpoint-column", help="Column naming each row's touchpoint.")
@click.option("--text-column", required=True, help="Column with the feedback text.")
@click.option("--created-column", help="Column with when it was given (ISO 8601).")
@click.option("--persona-column", help="Column naming the customer's persona.")
@click.option("--rating-column", help="Column with a 1–5 rating.")
@click.option("--id-column", help="Column with the row's own id (best key against duplicates).")
@click.option(
    "--channel",
    type=click.Choice(CHANNELS),
    default="web",
    show_default=True,
    help="Channel of touchpoints the import creates.",
)
@click.option("--create", is_flag=True, help="Create the journey (default stages) if missing.")
@organisation_option
@click.option("--score/--no-score", default=True, show_default=True, help="Score text now.")
def import_command(
    file: Path,
    journey_slug: str,
    stage: str,
    touchpoint: str | None,
    touchpoint_column: str | None,
    text_column: str,
    created_column: str | None,
    persona_column: str | None,
    rating_column: str | None,
    id_column: str | None,
    channel: str,
    create: bool,
    score: bool,
    organisation_slug: str | None,
) -> None:
    """Import FILE.csv: bad rows are named by line and skipped; rows already imported are not
    stored again."""
    if bool(touchpoint) == bool(touchpoint_column):
        raise click.UsageError("Give exactly one of --touchpoint and --touchpoint-column.")
    text = _decode(file)
    created = False  # said once it is committed: a later refusal rolls the journey back
    try:
        journey = journey_named(journey_slug, organisation_slug)
    except surveys.NotFound:
        if not create:
            raise click.ClickException(
                f"No journey '{journey_slug}'. Check the slug, or pass --create to make it."
            ) from None
        journey = surveys.create_journey(
            db_session(),
            journey_slug,
            slug=journey_slug,
            organisation=organisation_named(organisation_slug),
        )
        created = True
    try:
        spec = ImportSpec(
            journey=journey,
            stage=surveys.stage_named(journey, stage),
            text_column=text_column,
            touchpoint=touchpoint,
            touchpoint_column=touchpoint_column,
            created_column=created_column,
            persona_column=persona_column,
            rating_column=rating_column,
            id_column=id_column,
            channel=channel,
        )
        importer = FeedbackImporter(db_session(), spec)
        csv_file = CsvFile(text)
        importer.check_header(csv_file.header)
    except surveys.SurveyError as error:
        # Caught here, not left to CommandGroup, to list the journey's stages beside a wrong one.
        db.session.rollback()
        stages = ", ".join(s.name for s in journey.stages)
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        hint = f" (stages: {stages})" if "stage" in error.fields else ""
        raise click.ClickException(f"{error.message} {details}{hint}") from None

    total = csv_file.body_lines
    scored = 0
    # A big import scores in a worker process, one batch ahead, when a core is free: while the
    # worker scores a batch, this process stores the one before and reads the next.
    worker_scores = score and total >= WORKER_MIN_ROWS and spare_core()
    waiting: tuple[list[PreparedResponse], PendingScores | None] | None = None

    def land(worker: ScoringWorker | None) -> None:
        """Send the rows taken so far to be scored, store the batch before them, keep these."""
        nonlocal waiting
        batch = importer.take_pending()
        pending = worker.submit(_texts(batch)) if worker else None
        store_waiting()
        waiting = (batch, pending)
        if worker is None:
            store_waiting()

    def store_waiting() -> None:
        """Store the waiting batch, score it, and commit it as one transaction: a crash keeps
        every batch committed with its scores, and a rerun skips those rows."""
        nonlocal waiting, scored
        if waiting is None:
            return
        batch, pending = waiting
        waiting = None
        stored = importer.store(batch)
        if score:
            computed = pending.result() if pending else None
            scored += journeys.score_responses(db_session(), stored, scores=computed)
        db_session().commit()

    # Scoring as the rows land makes the import a scoring run: it holds the scheduler's scoring
    # lock throughout, so the two never score the same answers at once. The lock is taken on a
    # connection of its own, so a journey just created is committed first: on SQLite an open
    # write transaction here would wait on the lock's connection, and it on us.
    if created:
        db_session().commit()
    with (
        as_the_job(SCORE_JOB) if score else nullcontext(),
        ScoringWorker() if worker_scores else nullcontext() as worker,
        click.progressbar(length=total, label=f"Importing {file.name}", show_pos=True) as bar,
        _LongLivedObjects() as long_lived,
    ):
        if worker:
            click.echo("Scoring in a worker process beside this one.")
        for record in csv_file.records():
            if record.row is None:
                importer.refuse(record.line, record.problem)
            else:
                importer.add(record.line, record.row)
            if importer.batch_full:
                land(worker)
                long_lived.settle()
            # The bar moves every few hundred lines: redrawing it for each costs more than a row.
            read = record.line - csv_file.header_lines
            if read - bar.pos >= PROGRESS_STEP:
                bar.update(read - bar.pos)
        land(worker)
        store_waiting()
        bar.update(total - bar.pos)
    if created:
        click.echo(f"Created journey '{journey.slug}' with the default stages.")
    _report(file, importer)
    if score and importer.summary.imported:
        click.echo(f"Scored {scored} answers.")


def _texts(batch: list[PreparedResponse]) -> list[str]:
    """The feedback texts of a batch of rows: what scoring will score."""
    return [
        a.text for row in batch for a in row.answers if a.text and a.question.kind == "free_text"
    ]


def _report(file: Path, importer: FeedbackImporter) -> None:
    summary = importer.summary
    for problem in summary.problems:
        click.echo(f"{file.name}, line {problem.line}: {problem.message} — skipped", err=True)
    if summary.touchpoints_created:
        click.echo(f"Created touchpoints: {', '.join(summary.touchpoints_created)}")
    if summary.personas_created:
        click.echo(f"Created personas: {', '.join(summary.personas_created)}")
    click.echo(
        f"Imported {summary.imported} rows; {summary.already_imported} were imported before; "
        f"{summary.bad} bad rows skipped."
    )


@group.command("origins")
@click.argument("public_id")
@click.option("--add", "added", multiple=True, help="Origin to allow, e.g. https://shop.example")
@click.option("--remove", "removed", multiple=True, help="Origin to stop allowing.")
def origins_command(public_id: str, added: tuple[str, ...], removed: tuple[str, ...]) -> None:
    """Show or change the web origins that may embed survey PUBLIC_ID and call the API for it."""
    survey = db.session.scalar(select(Survey).where(Survey.public_id == public_id))
    if survey is None:
        raise click.ClickException(f"No survey '{public_id}'.")
    try:
        survey.allowed_origins = edit_origins(survey.allowed_origins, added, removed)
    except InvalidOrigin as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo("\n".join(survey.allowed_origins) or "(only this app's own pages)")
