"""The API client fixture, shared with tests/api."""

from tests.api.conftest import api_as  # noqa: F401
