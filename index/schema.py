"""The Whoosh schema: four kinds of documents in one index.

- passage: a window of up to three adjacent sentences of one paragraph; what
  questions and keyword searches match.
- date: one key date stated in an article, with its sentence; what the
  timeline lists and filters.
- article: one per article, carrying its metadata, body and content hash; what
  sources, quote checks and incremental builds read.
- lexicon: one per commit, the distinct words (as written) of the articles it
  wrote: the word list "did you mean" picks from. One posting per word and
  commit, where Whoosh's spelling=True adds one per word and passage (a third
  of the build's time); a removed article's words stay until the next full
  build, which only ever costs a suggestion that then finds nothing.

All three share `article_id`, so deleting an article's documents is one
delete-by-term, and all three go in the same commit, so the index never holds
half an article.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from index.analysis import text_analyzer

# Bumped whenever the schema or the analysis changes: an index of another
# version is rebuilt in full instead of updated.
SCHEMA_VERSION = 8

KIND_PASSAGE = "passage"
KIND_DATE = "date"
KIND_ARTICLE = "article"
KIND_LEXICON = "lexicon"


def build_schema() -> Schema:
    """The schema of a corpusbot index (see the module docstring)."""
    analyzer = text_analyzer()
    return Schema(
        # Which of the three document kinds this is; filters and deletes.
        kind=ID(stored=True),
        # The article's id (its path under content/); deletes and grouping.
        article_id=ID(stored=True),
        # Passage text, stemmed with acronym-aware stop words; positions for
        # phrase queries.
        text=TEXT(analyzer=analyzer, phrase=True),
        # A lexicon document's words (lowercased).
        words=KEYWORD(lowercase=True, scorable=False),
        # The sentence that states a key date and its neighbours in the paragraph;
        # the timeline's topic filter.
        date_text=TEXT(analyzer=analyzer, phrase=False),
        # An article's source and author names, so that a question naming its
        # source ("according to APA") can be narrowed to that source's articles.
        meta=TEXT(analyzer=analyzer, phrase=False),
        # An article's title, to find the article a question names by its title
        # ("who wrote Azerbaijan Leads Non-Aligned Movement?").
        title=TEXT(analyzer=analyzer, phrase=False),
        # A key date's year, for the timeline's year range (unresolved: absent).
        year=NUMERIC(int, bits=32, signed=True),
        # A key date's position in time as YYYYMMDD (unknown parts 00; no year:
        # 99999999), so the timeline comes out of Whoosh already in order.
        sortkey=NUMERIC(int, bits=32, signed=False, sortable=True),
        # Everything the records need that is not searched: passage text and
        # sentence spans, article metadata and body, a date's fields.
        data=STORED,
    )
