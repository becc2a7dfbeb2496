"""Acronyms and the names they stand for, as articles write them."""

from __future__ import annotations

from index.acronyms import bracketed, question_acronyms, spelled_by, with_equivalents

BODY = (
    "The Harbour Safety Board (HSB) met on Monday. Delegates of the Alliance of Small "
    "Island States (AOSIS) and the Non-Aligned Movement (NAM) spoke, as did the mayor "
    "(Labour). Ships from Papua New Guinea and the United States docked."
)


def test_bracketed_acronyms_are_paired_with_the_name_before_them() -> None:
    found = bracketed(BODY)
    assert found["hsb"] == {"harbour", "safeti", "board"}
    assert found["aosi"] == {"allianc", "small", "island", "state"}  # "of" spelled too
    assert found["nam"] == {"non", "align", "movement"}  # hyphenated parts are words
    assert "labour" not in found  # a bracketed word that spells nothing before it


def test_a_name_whose_initials_spell_an_acronym() -> None:
    assert spelled_by(BODY, "PNG") == {"papua", "new", "guinea"}
    assert spelled_by(BODY, "US") == {"unit", "state"}
    assert spelled_by(BODY, "WTO") == frozenset()
    assert spelled_by("the papua new guinea team", "PNG") == frozenset()  # not capitalised


def test_question_acronyms() -> None:
    assert question_acronyms("Who represented PNG at COP29 for the UN?") == ("PNG", "UN")
    assert question_acronyms("WHO REPRESENTED PNG?") == ()  # all capitals: no telling


def test_equivalents_work_both_ways() -> None:
    pairs = [("hsb", frozenset({"harbour", "safeti", "board"}))]
    assert with_equivalents(frozenset({"hsb", "chair"}), pairs) >= {"harbour", "board"}
    assert "hsb" in with_equivalents(frozenset({"harbour", "safeti", "board"}), pairs)
    assert with_equivalents(frozenset({"harbour"}), pairs) == {"harbour"}
