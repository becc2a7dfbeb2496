"""Dates that an article states, found in its text and resolved to the calendar.

The package: `words` (the word lists, data in index/data/date_words.yaml), `patterns` (the
regular expressions), `context` (the text being read), `find` (the matchers and
`find_dates`), `resolve` (years, relative dates, labels) and `dateline` (the place and date
line at the top of a news article).

`find_dates` reads a sentence (or a paragraph) and returns every date expression in it as a
`DateMention`; `label` renders one for a reader. Pure functions, standard library only, about
ten to thirty microseconds a sentence (patterns are only tried at cheap anchors).

What is found
-------------
* Full dates: "4 May 2020", "May 4, 2020", "May 4 2020", "the 4th of May, 2020", "2020-05-04",
  "04.05.2020" and "09-12-2023" (dots and dashes are day.month.year unless the second part
  is above 12), "4/25/2020" (slashes only when unambiguous: one part above 12, or both parts
  equal), "Jan. 5, 2021", "Monday, May 4, 2020". An
  impossible day ("31 February 2020") gives nothing at all.
* Day ranges: "3-5 March 2023", "3 – 5 March", "between 3 and 5 March 2023", "May 3-5, 2023",
  "30 April - 2 May 2023": one mention of the first day whose expression covers the range.
  When the start is a mention of its own ("on Monday, June 3 and running until Thursday,
  June 13, 2024"), the year written at the end is given to the start.
* Months: "May 2020", "Sept. 2019", "October of 2019", "early May 2020" (month precision);
  in "January-March 2023" the first month takes the year of the range (two mentions).
* Seasons: "autumn of 2019", "the autumn of 2019", "spring 2020", "late autumn 2019"; "winter
  2019/2020" (or "winter 2019-20") is one mention dated by the year of its January ("2020",
  labelled "winter 2019/2020"), matching how `DateMention.sort_key` places winter first.
  Not names ("the Arab Spring of 2011" gives only the year) nor "fall" the verb.
* Years, only in a date context (see below): "in 2011", "since 1991", "by 2030", "mid-2019",
  "early 2020", "the end of 2019", "the first half of 2020" (year precision); ranges
  "2019-2020", "2019–23", "2019/2020", "from 2019 to 2023", "between 2019 and 2021" and lists
  "in 2018, 2019 and 2020" give one mention per year.
* Relative to the publication date: "last year", "this year", "next year", "earlier this year",
  "the end of last year", "the year before last", "two years ago", "last month", "earlier this
  month", "three months ago", "yesterday", "today" (not as a sentence's first word,
  "today's" or "of today": those speak of the present), "tomorrow", "10 days ago", "in October of
  last
  year", "October of this year", "May 4 last year", "last October", "since the autumn of last
  year", "last summer", weekdays, and dates without a year ("on May 4", "In October,").
  These have `relative` True (also when they stay unresolved for want of a publication date).

A leading preposition ("in", "on", "since", "by", "from", "until", "during", "between", ...)
is part of the expression: "in October of last year", "since the autumn of last year".
Overlapping matches keep the longest.

A bare four-digit number is a year only when it lies in 1000..2100 and stands in a date
context: right after "in/since/during/until/till/before/after/through/throughout", after
"by/from/to/of/around/between" (then only 1900..2100, and not after words such as "increased"
or "up"), after "year"/"the year", a month or a season name, before "year" ("2020 year"),
in "the 2020 war", "the 2020 Patriotic War", "the 2019 Baku Summit" (a short list of event
nouns, after at most two capitalised words), or in a year range or list. It is never a year
when followed by a counted noun ("in 1500 people"), nor in "the 2030 Agenda", "Resolution
2334", "No. 1973", "from 2000 to 3000", "COVID-19", "G20", "1990s", "10.5%", "1,500", "17:23".

A month name needs a day, a year or a cue: "in/on/since/by/of/until/till/from/during/through/
before/after/between/around October", "early/mid/late October", "the end of October",
"last/this/next October", or a list ("in May and June"). "May" and "March" (also a verb, a
modal and a surname) take fewer cues (not "on", "by", "of", "around") and are never months in
lowercase; abbreviations ("Oct", "Sept.") need a number next to them. "the October
Revolution" and "May's" are not dates.

Rules for expressions without a year (publication date `published` known)
-----------------------------------------------------------------------
* "this year"/"October of this year" are taken literally: the publication year.
* A month or a day and month without a year ("In October,", "on May 4", "mid-May"):
  first, when an earlier mention in the same text gave a full date or a month with an explicit
  year ("On 3 May 2019 ..., and on 5 June ..."), that year is inherited (then `relative` is
  False). This works within the text given: a caller that passes single sentences does not
  get it across sentences. Otherwise the publication year, except that in a sentence that is
  not in the future tense (no "will", "shall", "to be held", "next", "upcoming", "scheduled",
  "planned", "expected to", "set to", "due to", "to take place", ...) a month after the
  publication month means the previous year ("In October," in an article of May 2020 is
  October 2019), and in a future sentence a month before the publication month means the next
  year. The tense is that of the marker nearest the date in its sentence (a future word, or a
  verb in the past tense; "will be held" is future): in "France will stay away, she said
  Wednesday" Wednesday is past. "October of this year" and "this October" told in the past
  tense, in an article published before October, are the previous year's. The rule works on months:
  "May 20" in an article of 5 May 2020 stays 2020-05-20.
* "October of the same year", "the following year", "the previous year", "that year" take the
  year of the nearest earlier mention in the text that has one; otherwise they stay unresolved
  ("--10"). On their own ("the following year") they are not returned.
* Weekdays ("on Monday", "Monday's", "Monday morning", "said Monday"): in a past or present
  sentence the most recent such weekday on or before the publication date (an article
  published on a Monday saying "on Monday" means that very day); in a future sentence the
  next one on or after it. "last Monday" is strictly before the publication date and "next
  Monday" strictly after it. A weekday followed by its date in brackets ("on Saturday
  (November 23, 2024)") is that date when the weekdays agree. Bare weekdays without one of
  these cues, and named days ("Good Friday", "Black Friday", "The Sunday Times"), are not taken.
* "last October" is the most recent October before the publication month, "next October" the
  first one after it, "this October" the one of the publication year. "last/this/next
  <season>" are counted in seasons (winter = December to February, dated by its January).

Without a publication date, absolute dates are resolved as usual; a day and month without a
year give iso "--05-04" (a month alone "--05") with `resolved` False; other relative
expressions ("last year", "yesterday", "on Monday", "the autumn of last year") give iso None
and `resolved` False. No year is ever guessed: a caller that knows the year the article's own
text gives passes it as `year_hint` (index/documents.py does, for undated articles). A date
that would leave the calendar (year 0 or 10000, from a publication date at its ends) is left
unresolved; `find_dates` never raises.

Left out on purpose (precision first): "today" as the present, "now", "nowadays", "these days", "in
the coming years", "the past year", "over the last year", "last week"/"weeks ago" (no week
precision), decades and centuries ("the 1990s", "the 21st century"), bare ordinals ("the
18th"), two-digit years ("'19"), year-month "2020-05", ambiguous "04/05/2020", "the 2030
Agenda", names of days ("Good Friday") and bare seasons without a year ("in the summer").
"""

from __future__ import annotations

from index.dates.find import find_dates
from index.dates.resolve import label

__all__ = ["find_dates", "label"]
