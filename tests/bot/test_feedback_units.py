"""The vote counter and the kept questions' file (bot.feedback, bot.feedback_store)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot import callbacks, feedback
from bot.config import ConfigError, load_settings
from bot.feedback import Feedback, Votes
from bot.feedback_store import MAX_KEPT, KeptPassage, KeptQuestion, KeptQuestions, feedback_path
from bot.followups import ChatMemory

DAY = dt.date(2026, 11, 22)


def test_a_vote_counts_once_and_moves_when_changed() -> None:
    votes = Feedback()
    assert votes.vote("a", up=True) == "counted"
    assert votes.vote("a", up=True) == "again"
    assert votes.vote("b", up=False) == "counted"
    assert votes.votes() == Votes(up=1, down=1)
    assert votes.vote("a", up=False) == "changed"
    assert votes.votes() == Votes(up=0, down=2)
    assert votes.votes().down_share == 1.0
    assert Votes().down_share == 0.0


def test_the_voters_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feedback, "VOTERS_KEPT", 2)
    votes = Feedback()
    for voter in ("a", "b", "c"):
        votes.vote(voter, up=True)
    assert votes.vote("a", up=True) == "counted"  # forgotten: counts again
    assert votes.vote("c", up=True) == "again"


def test_the_file_lies_beside_the_index() -> None:
    assert feedback_path(Path("var/index")) == Path("var/feedback.json")


def _entry(number: int) -> KeptQuestion:
    passage = KeptPassage("a.md", f"Quote {number}.")
    return KeptQuestion(f"Question {number}?", "down", DAY, (passage,))


def test_the_last_questions_are_kept_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "feedback.json"
    kept = KeptQuestions(path)
    for number in range(MAX_KEPT + 5):
        kept.add(_entry(number))
    assert len(kept.newest_first()) == MAX_KEPT
    assert kept.newest_first()[0] == _entry(MAX_KEPT + 4)
    assert [p.name for p in tmp_path.iterdir()] == ["feedback.json"]  # no temporary file left
    again = KeptQuestions(path)
    assert again.newest_first() == kept.newest_first()
    record = json.loads(path.read_text("utf-8"))["questions"][-1]
    assert record == {
        "question": f"Question {MAX_KEPT + 4}?",
        "reason": "down",
        "day": "2026-11-22",
        "passages": [{"article_id": "a.md", "quote": f"Quote {MAX_KEPT + 4}."}],
    }


@pytest.mark.parametrize("content", ["{broken", '{"questions": [{"reason": "why"}]}', "[]"])
def test_an_unreadable_file_is_ignored(tmp_path: Path, content: str) -> None:
    path = tmp_path / "feedback.json"
    path.write_text(content, encoding="utf-8")
    kept = KeptQuestions(path)
    assert kept.newest_first() == []
    kept.add(_entry(1))
    assert KeptQuestions(path).newest_first() == [_entry(1)]


def test_a_write_that_fails_keeps_the_entry_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    kept = KeptQuestions(blocker / "feedback.json")  # its directory is a file
    kept.add(_entry(1))
    assert kept.newest_first() == [_entry(1)]


def test_chat_memory_window_and_replies() -> None:
    memory = ChatMemory()
    assert memory.previous(0, 600, replying_to=None, private=True) is None
    memory.remember("Q1?", 100, [7])
    memory.remember("Q2?", 200, [8])
    assert memory.previous(300, 600, replying_to=None, private=True) == "Q2?"
    assert memory.previous(300, 600, replying_to=7, private=False) == "Q1?"
    assert memory.previous(300, 600, replying_to=None, private=False) is None
    assert memory.previous(801, 600, replying_to=None, private=True) is None
    assert memory.previous(300, 0, replying_to=None, private=True) is None
    memory.forget()
    assert memory.previous(300, 600, replying_to=7, private=True) is None


def test_vote_and_feedback_page_callback_data() -> None:
    key = callbacks.text_key("When?")
    up = callbacks.encode(callbacks.Vote(True, key, 2))
    assert up == f"fb|u|{key}|2"
    assert callbacks.decode(up) == callbacks.Vote(True, key, 2)
    assert callbacks.decode(f"fb|d|{key}|9999") == callbacks.Vote(False, key, 9999)
    assert callbacks.decode("fbl|3") == callbacks.FeedbackPage(3)
    for bad in ("fb|x|AAAAAAAA|1", "fb|u|short|1", "fb|u|AAAAAAAA|0", "fbl|", "fbl|x", "fb|u"):
        assert callbacks.decode(bad) is None
    assert callbacks.fits(callbacks.encode(callbacks.Vote(False, key, 10**6)))


def test_the_settings_of_follow_ups_and_feedback() -> None:
    settings = load_settings(
        None,
        environ={"CORPUSBOT_FOLLOWUPS_MINUTES": "0", "CORPUSBOT_FEEDBACK_KEEP_QUESTIONS": "yes"},
    )
    assert settings.followups.minutes == 0
    assert settings.feedback.keep_questions is True
    defaults = load_settings(None, environ={})
    assert defaults.followups.minutes == 10 and defaults.feedback.keep_questions is False
    with pytest.raises(ConfigError, match=r"followups\.minutes"):
        load_settings(None, environ={"CORPUSBOT_FOLLOWUPS_MINUTES": "2000"})
    with pytest.raises(ConfigError, match=r"feedback\.keep_questions"):
        load_settings(None, environ={"CORPUSBOT_FEEDBACK_KEEP_QUESTIONS": "maybe"})
