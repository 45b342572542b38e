"""Organisations, users, roles, API tokens, EST groups and the access policy."""
