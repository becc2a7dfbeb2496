"""Read and validate the articles of a content directory.

A file that cannot be used is reported with its path and the reason and
skipped; it never stops the rest of the corpus from loading.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from index.errors import ContentMissing, InvalidArticle
from index.models import Article, SkippedFile
from index.text import markdown_to_text

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
MAX_ARTICLE_BYTES = 2 * 1024 * 1024  # far beyond any article; guards against dumps and logs
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
_KNOWN_KEYS = {"title", "url", "published", "date", "author", "source", "tags"}
MAX_FRONT_MATTER_BYTES = 64 * 1024  # front matter is a few lines; this is far beyond
MAX_ALIASES = 16  # YAML aliases (*name) in one front matter: each can multiply the data
MIN_YEAR, MAX_YEAR = 1000, 2999  # a publication date outside is a typo (and breaks date math)
MAX_NESTING = 20  # quotes (>) and lists nested deeper are not read (markdown-it's limit)
_FIELD_CHARS = {"title": 500, "author": 300, "source": 300, "url": 2000}
MAX_TAGS, MAX_TAG_CHARS = 100, 100


@dataclass(frozen=True)
class LoadedCorpus:
    """The articles that loaded, and the files that did not."""

    articles: tuple[Article, ...]
    skipped: tuple[SkippedFile, ...]


FileStamp = tuple[int, int, int, int]
"""What stat says about a file: size, modification and change times (ns), inode.

If none of it changed, neither did the file. The change time is in it because
no tool can set it back: a file copied over another with its old modification
time kept still shows as changed.
"""


class ContentFile(NamedTuple):
    """A candidate article file: its id (path under content/), path and stamp."""

    article_id: str
    path: str
    stamp: FileStamp | None  # None when it could not be stat-ed
    problem: str | None = None  # why it cannot be read, when known before reading it


def scan_content(content_dir: Path) -> list[ContentFile]:
    """The candidate article files under `content_dir`, in stable order, hidden ones skipped.

    One os.scandir walk with a stat per file: cheap enough to run on every
    incremental build of a large corpus. Raises ContentMissing when the
    directory does not exist.
    """
    require_content_dir(content_dir)
    root = os.path.realpath(content_dir)
    found: list[ContentFile] = []
    pending: list[tuple[str, str]] = [(str(content_dir), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except (PermissionError, FileNotFoundError, NotADirectoryError):
            continue
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            stamp: FileStamp | None
            try:
                if entry.is_symlink():
                    linked = _symlink(root, prefix + name, entry.path)
                    if linked is not None:
                        found.append(linked)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{name}/"))
                    continue
                if not name.lower().endswith(ARTICLE_SUFFIXES) or not entry.is_file():
                    continue
                stamp = _stamp(entry.stat())
            except OSError:
                stamp = None
            found.append(ContentFile(prefix + name, entry.path, stamp))
    found.sort(key=lambda file: content_order(file.article_id))
    return found


def require_content_dir(content_dir: Path) -> None:
    """Raise ContentMissing, with what to do, when `content_dir` is not a directory."""
    if not content_dir.is_dir():
        raise ContentMissing(
            f"content directory {content_dir} does not exist: create it and put articles "
            "(Markdown with front matter) in it, or point --content / CORPUSBOT_CONTENT at one"
        )


def _symlink(root: str, article_id: str, path: str) -> ContentFile | None:
    """A symbolic link as a candidate article: followed only to a file inside `root`.

    Links that cannot be followed (to nothing, in a loop, to a directory, out
    of the content directory) are listed with the reason, so that a build
    reports them; a link to anything else (`notes.pdf`) is not an article.
    """
    is_article = article_id.lower().endswith(ARTICLE_SUFFIXES)
    try:
        info = os.stat(path)
    except OSError as error:
        if not is_article:
            return None
        if error.errno == errno.ELOOP:
            problem = "a symbolic link loop: it never reaches a file"
        elif error.errno == errno.ENOENT:
            problem = "a symbolic link that points to nothing (its target does not exist)"
        else:
            problem = f"a symbolic link that cannot be followed: {error.strerror}"
        return ContentFile(article_id, path, None, problem)
    if stat.S_ISDIR(info.st_mode):
        return ContentFile(
            article_id,
            path,
            None,
            "a symbolic link to a directory: links to directories are not followed; "
            "move or copy the articles into the content directory",
        )
    if not is_article or not stat.S_ISREG(info.st_mode):
        return None
    target = os.path.realpath(path)
    if os.path.commonpath([root, target]) != root:
        return ContentFile(
            article_id,
            path,
            None,
            "a symbolic link to a file outside the content directory: copy the file in instead",
        )
    return ContentFile(article_id, path, _stamp(info))


def content_order(article_id: str) -> str:
    """The sort key of scan_content's order: by path components ("a/b" before "a-b")."""
    return article_id.replace("/", "\0")


def _stamp(info: os.stat_result) -> FileStamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def look_at(content_dir: Path, article_id: str) -> ContentFile | None:
    """`article_id` as scan_content would list it, or None when it would not be listed.

    Raises ValueError for an id that is not a relative path inside the content directory.
    """
    parts = Path(article_id).parts
    if not parts or Path(article_id).is_absolute() or ".." in parts:
        raise ValueError(f"not an article id (a path under the content directory): {article_id}")
    if any(part.startswith(".") for part in parts):
        return None
    if not article_id.lower().endswith(ARTICLE_SUFFIXES):
        return None
    path = content_dir / article_id
    if path.is_symlink():
        return _symlink(os.path.realpath(content_dir), article_id, str(path))
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        return ContentFile(article_id, str(path), None)
    if not stat.S_ISREG(info.st_mode):
        return None
    return ContentFile(article_id, str(path), _stamp(info))


def article_files(content_dir: Path) -> Iterator[Path]:
    """The candidate article files under `content_dir`, in stable order, hidden ones skipped."""
    for file in scan_content(content_dir):
        yield Path(file.path)


def load_corpus(content_dir: Path) -> LoadedCorpus:
    """Load every article of `content_dir`; bad files are reported in `skipped`.

    Raises ContentMissing when the directory itself is missing.
    """
    articles: list[Article] = []
    skipped: list[SkippedFile] = []
    for file in scan_content(content_dir):
        loaded = load_file(file)
        if isinstance(loaded, Article):
            articles.append(loaded)
        else:
            skipped.append(loaded)
    return LoadedCorpus(tuple(articles), tuple(skipped))


def load_file(file: ContentFile) -> Article | SkippedFile:
    """One article file read and validated, or the reason it is skipped.

    Never raises for a bad file: whatever goes wrong with one file is its
    SkippedFile, so that one article never stops a build.
    """
    try:
        file.article_id.encode("utf-8")
    except UnicodeEncodeError:
        return SkippedFile(
            printable_id(file.article_id), "the file name is not valid UTF-8: rename the file"
        )
    if file.problem is not None:
        return SkippedFile(file.article_id, file.problem)
    try:
        with open(file.path, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)  # never more: a dump is not read whole
            if len(data) > MAX_ARTICLE_BYTES:
                size = max(len(data), os.fstat(handle.fileno()).st_size)
                raise InvalidArticle(
                    f"too large ({size // 1024} KiB; the limit is {MAX_ARTICLE_BYTES // 1024} KiB)"
                )
        return parse_article(file.article_id, data)
    except InvalidArticle as error:
        return SkippedFile(file.article_id, str(error))
    except OSError as error:
        return SkippedFile(file.article_id, f"cannot be read: {error.strerror}")
    except RecursionError:
        return SkippedFile(file.article_id, "nested too deeply to be read")
    except Exception as error:  # a file no check foresaw: reported, never fatal
        return SkippedFile(file.article_id, f"cannot be read: {type(error).__name__}: {error}")


def printable_id(article_id: str) -> str:
    """`article_id` with bytes that are not UTF-8 (from the file name) shown as U+FFFD."""
    return article_id.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def parse_article(article_id: str, data: bytes) -> Article:
    """Validate one article file's bytes and return it as an Article.

    Raises InvalidArticle with a one-line reason (binary, not UTF-8, too large,
    broken front matter, no title, empty body, unreadable date or URL).
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise InvalidArticle(
            f"too large ({len(data) // 1024} KiB; the limit is {MAX_ARTICLE_BYTES // 1024} KiB)"
        )
    if b"\x00" in data:
        raise InvalidArticle("binary file, not text")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidArticle(f"not UTF-8 text (bad byte at offset {error.start})") from None
    if not raw.strip():
        raise InvalidArticle("empty file")
    meta, markdown = _split_front_matter(raw)
    title = _title(meta, markdown)
    if title is None:
        raise InvalidArticle("no title: add front matter with a 'title:' line")
    if "title" not in meta:
        markdown = re.sub(r"\A\s*#[^\n]*\n", "", markdown, count=1)
    body = markdown_to_text(markdown)
    if not body.strip():
        if nesting_depth(markdown) > MAX_NESTING:
            raise InvalidArticle(
                f"nested too deeply: quotes (>) or lists more than {MAX_NESTING} levels deep "
                "cannot be read"
            )
        raise InvalidArticle("empty body: the article has no text after its front matter")
    published_at = _published(meta.get("published", meta.get("date")))
    return Article(
        article_id=article_id,
        title=title,
        body=body,
        url=_url(_text_field(meta, "url")),
        published=published_at.date() if published_at else None,
        published_at=published_at,
        author=_optional_text(meta, "author"),
        source=_optional_text(meta, "source"),
        tags=_tags(meta.get("tags")),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def _split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(raw)
    if match is None:
        if raw.lstrip().startswith("---"):
            raise InvalidArticle("front matter is not closed: add a '---' line after it")
        return {}, raw
    text = match.group(1)
    if len(text.encode("utf-8", "replace")) > MAX_FRONT_MATTER_BYTES:
        raise InvalidArticle(
            f"front matter is too large (over {MAX_FRONT_MATTER_BYTES // 1024} KiB): "
            "it holds a few lines of metadata; put the text after it"
        )
    try:
        meta = yaml.load(text, Loader=_BoundedLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InvalidArticle(f"broken front matter{where}: {problem}") from None
    except (ValueError, OverflowError) as error:  # a timestamp no calendar has
        raise InvalidArticle(
            f"front matter has an impossible date or time ({error}): "
            "use a real date, YYYY-MM-DD or YYYY-MM-DD HH:MM"
        ) from None
    except RecursionError:
        raise InvalidArticle("broken front matter: nested too deeply") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InvalidArticle("front matter must be a mapping of keys to values")
    return {str(k).lower(): v for k, v in meta.items()}, raw[match.end() :]


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a bound on aliases: a 500-byte "billion laughs" is refused.

    Each alias (*name) can repeat everything its anchor holds, so a few nested
    ones make megabytes out of a few lines; front matter needs none or few.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise InvalidArticle(
                    f"front matter uses too many YAML aliases (*name; at most {MAX_ALIASES})"
                )
        return super().compose_node(parent, index)


def _text_field(meta: dict[str, Any], key: str) -> str | None:
    """The field `key` as text (numbers are written as text), or None; refused when not text."""
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        kind = {list: "a list", dict: "a mapping", bool: "true/false"}.get(
            type(value), type(value).__name__
        )
        raise InvalidArticle(f"{key}: expected text, got {kind}")
    text = " ".join(str(value).split())
    limit = _FIELD_CHARS.get(key)
    if limit is not None and len(text) > limit:
        raise InvalidArticle(f"{key}: too long ({len(text)} characters; at most {limit})")
    return text or None


def nesting_depth(markdown: str) -> int:
    """How deep quotes (>) and list items nest at most in `markdown`, as written."""
    deepest = 0
    for line in markdown.splitlines():
        markers = re.match(r"(?:[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]))*", line)
        depth = (
            len(re.findall(r">|[-*+][ \t]|\d{1,9}[.)][ \t]", markers.group())) if markers else 0
        )
        deepest = max(deepest, depth)
    return deepest


def _title(meta: dict[str, Any], markdown: str) -> str | None:
    if "title" in meta:
        return _text_field(meta, "title")
    heading = re.match(r"\A\s*#\s+([^\n]+)", markdown)
    if heading is None:
        return None
    title = " ".join(heading.group(1).strip(" #").split())
    if len(title) > _FIELD_CHARS["title"]:
        raise InvalidArticle(f"title: too long ({len(title)} characters; at most 500)")
    return title


def _published(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, dt.date):
        found = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, list | dict):
        raise InvalidArticle("published: expected a date, got a list or mapping")
    else:
        text = str(value).strip()
        try:
            found = dt.datetime.fromisoformat(text)
        except ValueError:
            raise InvalidArticle(
                f"published: cannot read {text[:40]!r} as a date "
                "(use YYYY-MM-DD or YYYY-MM-DD HH:MM)"
            ) from None
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise InvalidArticle(
            f"published: year {found.year} is out of range ({MIN_YEAR}-{MAX_YEAR}): a typo?"
        )
    return found


def _url(value: object) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not re.match(r"https?://[^\s/]+\.[^\s]+\Z", text):
        raise InvalidArticle(f"url: {text[:60]!r} is not an http(s) address")
    return text


def _optional_text(meta: dict[str, Any], key: str) -> str | None:
    return _text_field(meta, key)


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list):
        raise InvalidArticle("tags: expected a list")
    if len(value) > MAX_TAGS:
        raise InvalidArticle(f"tags: too many ({len(value)}; at most {MAX_TAGS})")
    tags: list[str] = []
    for tag in value:
        if isinstance(tag, bool) or not isinstance(tag, str | int | float):
            raise InvalidArticle("tags: each tag must be a word or a few words")
        text = " ".join(str(tag).split())
        if len(text) > MAX_TAG_CHARS:
            raise InvalidArticle(f"tags: a tag is too long (at most {MAX_TAG_CHARS} characters)")
        if text:
            tags.append(text)
    return tuple(tags)
