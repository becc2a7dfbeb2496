"""Test doubles of the Telegram Bot API shared by the bot's tests.

* :mod:`tests.support.telegram_rules` -- Telegram's validation rules (HTML parse mode, text
  lengths, keyboards, inline results, commands, ...).
* :mod:`tests.support.bot_api_state` -- the simulated Bot API server state shared by both
  doubles (message ids, chats, files, update queue, call log, flood control).
* :mod:`tests.support.recording_request` -- ``RecordingRequest``, an in-process
  ``telegram.request.BaseRequest`` for handler-level tests.
* :mod:`tests.support.fake_bot_api` -- ``FakeBotApi``, a real HTTP server on 127.0.0.1.
* :mod:`tests.support.fixtures` -- pytest fixtures for both.
"""
