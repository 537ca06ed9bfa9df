"""Errors a user can cause: printed as one line, exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix (bad config, bad argument, vault not found)."""


class RefusedError(Exception):
    """A command refused to act (exit status 1), leaving everything unchanged."""
