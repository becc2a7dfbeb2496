"""Fixtures for the tests of the test doubles themselves."""

from tests.support.fixtures import fake_bot_api, recording_request

__all__ = ["fake_bot_api", "recording_request"]
