"""Accounts: organisations, users and roles (``members``) and the API keys programs use
(``api_keys``). Services flush; the caller commits."""

from __future__ import annotations

from surveys.accounts.api_keys import (
    KEY_PREFIX,
    LAST_USED_RESOLUTION,
    api_key_by_token,
    api_keys,
    create_api_key,
    note_key_use,
    revoke_api_key,
)
from surveys.accounts.members import (
    DEFAULT_ORGANISATION_SLUG,
    MIN_PASSWORD_LENGTH,
    add_member,
    authenticate,
    change_role,
    create_organisation,
    create_user,
    default_organisation,
    end_sessions,
    members,
    membership_of,
    memberships,
    normalise_email,
    organisation_by_slug,
    remove_member,
    rename_organisation,
    set_password,
    user_by_email,
    user_of_session,
)

__all__ = [
    "DEFAULT_ORGANISATION_SLUG",
    "KEY_PREFIX",
    "LAST_USED_RESOLUTION",
    "MIN_PASSWORD_LENGTH",
    "add_member",
    "api_key_by_token",
    "api_keys",
    "authenticate",
    "change_role",
    "create_api_key",
    "create_organisation",
    "create_user",
    "default_organisation",
    "end_sessions",
    "members",
    "membership_of",
    "memberships",
    "normalise_email",
    "note_key_use",
    "organisation_by_slug",
    "remove_member",
    "rename_organisation",
    "revoke_api_key",
    "set_password",
    "user_by_email",
    "user_of_session",
]
