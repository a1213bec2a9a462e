"""Flask extensions, created unbound and initialised by ``create_app``."""

from __future__ import annotations

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from surveys.models import Base

# The domain's declarative base, so domain services and Flask share one metadata and session.
db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
