"""Errors raised by services; views, the API and the CLI turn them into messages in the user's language."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError"]
