"""Admins manage their organisation's webhook endpoints: add one (its secret shown once), read
its delivery log, send it a test event, delete it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.access import access, current_organisation
from app.extensions import db, db_session
from journeys import InvalidWebhook, webhooks
from journeys.webhooks import SUBSCRIBABLE, WebhookEndpoint

bp = Blueprint("webhooks", __name__, url_prefix="/organisation/webhooks")


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    """The current organisation's endpoint; 404 for another organisation's (as for none)."""
    endpoint = webhooks.endpoint_of(db_session(), current_organisation().id, endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


def _index(
    *,
    created: WebhookEndpoint | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    organisation = current_organisation()
    return render_template(
        "webhooks/index.html",
        organisation=organisation,
        endpoints=webhooks.endpoints_of(db_session(), organisation.id),
        events=SUBSCRIBABLE,
        created=created,
        errors=errors or {},
        values=request.form if errors else {},
        chosen=request.form.getlist("events") if errors else [],
    ), status


@bp.get("")
@access("admin")
def index() -> ResponseReturnValue:
    """The organisation's endpoints, and a form to add one."""
    return _index()


@bp.post("")
@access("admin")
def create() -> ResponseReturnValue:
    """Add an endpoint; the page shows its signing secret this once."""
    try:
        endpoint = webhooks.create_endpoint(
            db_session(),
            current_organisation().id,
            request.form.get("url", ""),
            request.form.getlist("events"),
            description=request.form.get("description", ""),
        )
    except InvalidWebhook as error:
        db.session.rollback()
        return _index(errors=error.fields, status=422)
    db.session.commit()
    return _index(created=endpoint)


@bp.get("/<int:endpoint_id>")
@access("admin")
def show(endpoint_id: int) -> ResponseReturnValue:
    """An endpoint's delivery log: each event, its status, and every attempt."""
    endpoint = _endpoint(endpoint_id)
    return render_template(
        "webhooks/show.html",
        endpoint=endpoint,
        deliveries=webhooks.delivery_log(db_session(), endpoint),
    )


@bp.post("/<int:endpoint_id>/test")
@access("admin")
def send_test(endpoint_id: int) -> ResponseReturnValue:
    """Queue a ``webhook.test`` event for the endpoint; the delivery job sends it."""
    endpoint = _endpoint(endpoint_id)
    event = webhooks.send_test_event(db_session(), endpoint)
    db.session.commit()
    flash(f"Test event {event.public_id} queued: it is sent on the next delivery run.")
    return redirect(url_for(".show", endpoint_id=endpoint.id))


@bp.post("/<int:endpoint_id>/delete")
@access("admin")
def delete(endpoint_id: int) -> ResponseReturnValue:
    """Delete the endpoint with its delivery log."""
    endpoint = _endpoint(endpoint_id)
    url = endpoint.url
    webhooks.delete_endpoint(db_session(), endpoint)
    db.session.commit()
    flash(f"Deleted the endpoint {url}.")
    return redirect(url_for(".index"))
