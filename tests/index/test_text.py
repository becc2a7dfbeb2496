"""Sentences keep their exact offsets; abbreviations do not end sentences."""

from __future__ import annotations

from index.text import split_sentences


def test_offsets_are_exact() -> None:
    text = "First one. Second one!\n\nThird, in a new paragraph? Yes."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "First one.",
        "Second one!",
        "Third, in a new paragraph?",
        "Yes.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_abbreviations_and_initials() -> None:
    text = "Mr. Guterres spoke at the U.N. in New York. Dr. J. Smith agreed on Jan. 5 to go."
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Guterres spoke at the U.N. in New York.",
        "Dr. J. Smith agreed on Jan. 5 to go.",
    ]


def test_quotes_close_sentences() -> None:
    text = "He said “we will win.” Then he left."
    assert [s.text for s in split_sentences(text)] == ["He said “we will win.”", "Then he left."]


def test_numbers_do_not_split() -> None:
    assert len(split_sentences("It grew 3.5 percent in 2020. Then it fell.")) == 2
