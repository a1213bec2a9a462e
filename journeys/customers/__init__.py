"""Customer journeys: a customer's answers linked across touchpoints and stages in time order,
the paths customers take, and how each touchpoint's experience shows in the KPIs they give later.
"""

from __future__ import annotations

from journeys.customers.effects import (
    CustomerPaths,
    DownstreamEffect,
    FlowEdge,
    GroupSums,
    customer_paths,
)
from journeys.customers.links import customer_digest, follow_customers, refresh_customers
from journeys.customers.models import CustomerLink, CustomerStep, CustomerTouch

__all__ = [
    "CustomerLink",
    "CustomerPaths",
    "CustomerStep",
    "CustomerTouch",
    "DownstreamEffect",
    "FlowEdge",
    "GroupSums",
    "customer_digest",
    "customer_paths",
    "follow_customers",
    "refresh_customers",
]
