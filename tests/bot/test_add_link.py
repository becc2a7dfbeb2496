"""/add <link> end to end: the page fetched from a server on 127.0.0.1 (allowed by
fetch.allow_private in these tests), imported like an uploaded HTML page, in the answers;
a refused link writes nothing. And `corpusbot add URL`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import FetchSettings
from tests.bot.conftest import ADMIN
from tests.bot.live import Live, live_bot
from tests.bot.pages import PAGE, Pages, Route, serving
from tests.support.fake_bot_api import FakeBotApi

WOMBAT = "Where was the wombat summit held?"


@pytest.fixture
def pages() -> Iterator[Pages]:
    with serving(
        {
            "/wombat": Route(body=PAGE),
            "/image": Route(body=b"\x89PNG", content_type="image/png"),
        }
    ) as running:
        yield running


@pytest.fixture(params=["polling", "webhook"])
async def live(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    seed_index: tuple[Path, Path],
    fake_bot_api: FakeBotApi,
) -> AsyncIterator[Live]:
    fetch = FetchSettings(allow_private=True, timeout_seconds=5)
    async with live_bot(
        tmp_path, seed_index, fake_bot_api, request.param, lambda s: replace(s, fetch=fetch)
    ) as bot:
        yield bot


async def test_a_link_is_fetched_imported_and_answered(live: Live, pages: Pages) -> None:
    fake = live.fake
    content = live.corpus.content_dir
    before = sorted(p.name for p in content.iterdir())
    refused = await live.reply_to(
        fake.private_message(f"/add {pages.url('/image')}", user_id=ADMIN)
    )
    assert refused == (
        f"❌ Refused {pages.url('/image')}: it is image/png, not an HTML page or text. "
        "Nothing was saved."
    )
    assert sorted(p.name for p in content.iterdir()) == before

    saved = await live.reply_to(
        fake.private_message(f"/add {pages.url('/wombat')}", user_id=ADMIN)
    )
    assert saved == "Saved the-wombat-summit.md: “The wombat summit”. Updating the index…"
    await live.edited(lambda t: t.startswith("✅ Added the-wombat-summit.md"))
    assert "Canberra" in await live.ask(WOMBAT)
    article = (content / "the-wombat-summit.md").read_text()
    assert f"url: {pages.url('/wombat')}" in article
    assert "author: Ann Author" in article and "source: Wombat Weekly" in article


async def test_a_private_address_is_refused_without_the_setting(
    tmp_path: Path, seed_index: tuple[Path, Path], fake_bot_api: FakeBotApi, pages: Pages
) -> None:
    async with live_bot(tmp_path, seed_index, fake_bot_api, "polling") as live:
        refused = await live.reply_to(
            fake_bot_api.private_message(f"/add {pages.url('/wombat')}", user_id=ADMIN)
        )
    assert refused.startswith(f"❌ Refused {pages.url('/wombat')}: 127.0.0.1 is at 127.0.0.1, a ")
    assert refused.endswith("(fetch.allow_private). Nothing was saved.")
    assert pages.requests == []


def test_corpusbot_add_url(
    tmp_path: Path,
    pages: Pages,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    common = ["--content", "content", "--index", "index"]
    monkeypatch.setenv("CORPUSBOT_FETCH_ALLOW_PRIVATE", "true")
    assert main(["add", pages.url("/wombat"), "--no-index", *common]) == 0
    assert "added the-wombat-summit.md: “The wombat summit”" in capsys.readouterr().out
    monkeypatch.setenv("CORPUSBOT_FETCH_ALLOW_PRIVATE", "false")
    assert main(["add", pages.url("/image"), "--no-index", *common]) == 1
    assert "a loopback address" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["the-wombat-summit.md"]
