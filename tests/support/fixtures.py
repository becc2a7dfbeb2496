"""pytest fixtures for the Bot API test doubles.

Import them in a ``conftest.py`` to use them in tests::

    from tests.support.fixtures import fake_bot_api, recording_request  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_bot_api import FakeBotApi
from tests.support.recording_request import RecordingRequest


@pytest.fixture
def fake_bot_api() -> Iterator[FakeBotApi]:
    """A running :class:`FakeBotApi`; stopped (threads joined, sockets closed) afterwards."""
    with FakeBotApi() as fake:
        yield fake


@pytest.fixture
def recording_request() -> RecordingRequest:
    """A fresh :class:`RecordingRequest` for token ``123:TEST``."""
    return RecordingRequest()
