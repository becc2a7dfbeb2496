"""Errors `index` raises for situations a user can fix; their message says how."""


class CorpusError(Exception):
    """Base class: the message is meant for the user, without a traceback."""


class ContentMissing(CorpusError):
    """The content directory does not exist or is not a directory."""


class IndexMissing(CorpusError):
    """No index has been built yet at the configured location."""


class BuildInProgress(CorpusError):
    """Another build holds the build lock."""


class InvalidArticle(CorpusError):
    """An article file failed validation; the message is the reason."""


class DiskFull(CorpusError):
    """A build ran out of disk space; what it had written is gone, the live index is intact."""
