"""The demo: the Northwind journey with eight weeks of answers, and its organisation's sign-ins.

Not part of the installed package (only a source checkout has it): ``flask db seed-demo`` and
``make demo`` use it; the product itself never imports it.
"""

from __future__ import annotations

from demo.accounts import DEMO_PASSWORD, DEMO_USERS, demo_logins, ensure_demo_accounts
from demo.seed import seed_demo

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "demo_logins", "ensure_demo_accounts", "seed_demo"]
