"""Flask extensions, created unbound and initialised by ``create_app``."""

from __future__ import annotations

import hashlib
from typing import cast

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session
from werkzeug.local import LocalProxy

from surveys.models import Base

# The domain's declarative base, so domain services and Flask share one metadata and session.
db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login = LoginManager()


def db_session() -> Session:
    """The current app context's database session, as the domain services take it.

    ``db.session`` is a ``scoped_session`` proxy, which is not a ``Session``; calling it gives
    the session it stands for (the same one ``db.session.commit()`` commits).
    """
    return db.session()


def the_app() -> Flask:
    """The application behind ``current_app``, for work that outlives the current context (a
    reply's close hook, the scheduler's threads)."""
    # Flask declares current_app a Flask; it is a LocalProxy of one.
    return cast("LocalProxy[Flask]", current_app)._get_current_object()


def client_fingerprint() -> str:
    """Who is calling, for rate limits only: a keyed hash of the address, never the address.

    Limiter keys can end up in a shared store (Redis, Memcached); hashing keeps IP addresses out
    of it, and the secret key keeps the hash from being reversed by trying every address.
    """
    secret = str(current_app.config["SECRET_KEY"]).encode()
    address = (request.remote_addr or "unknown").encode()
    return hashlib.blake2s(address, key=secret[:32], digest_size=12).hexdigest()


class AppLimiter(Limiter):
    """Flask-Limiter's limiter, whose verdict that its store is down ends with the app it served.

    The limiter is one object per process and keeps that verdict (``_storage_dead``) on itself:
    ``init_app`` gives it the new app's store but not a fresh verdict, so an app created after
    another app's store was found unreachable counted its first requests in the stand-in memory
    and the rest, once the store's periodic health check passed, in its real store — a limit
    that let twice its budget through.
    """

    def init_app(self, app: Flask) -> None:
        """Bind to ``app`` and trust its store until a request finds it unreachable."""
        super().init_app(app)
        self._storage_dead = False


# Limits are declared on the routes that take answers (the public API, the widget); the store is
# RATELIMIT_STORAGE_URI (memory:// per process by default).
limiter = AppLimiter(key_func=client_fingerprint)
