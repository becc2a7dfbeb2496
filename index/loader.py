"""Read and validate the articles of a content directory.

A file that cannot be used is reported with its path and the reason and
skipped; it never stops the rest of the corpus from loading.
"""

from __future__ import annotations

import datetime as dt
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


def scan_content(content_dir: Path) -> list[ContentFile]:
    """The candidate article files under `content_dir`, in stable order, hidden ones skipped.

    One os.scandir walk with a stat per file: cheap enough to run on every
    incremental build of a large corpus. Raises ContentMissing when the
    directory does not exist.
    """
    require_content_dir(content_dir)
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
    """One article file read and validated, or the reason it is skipped."""
    try:
        with open(file.path, "rb") as handle:
            data = handle.read()
        return parse_article(file.article_id, data)
    except InvalidArticle as error:
        return SkippedFile(file.article_id, str(error))
    except OSError as error:
        return SkippedFile(file.article_id, f"cannot be read: {error.strerror}")


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
        raise InvalidArticle("empty body: the article has no text after its front matter")
    published_at = _published(meta.get("published", meta.get("date")))
    return Article(
        article_id=article_id,
        title=title,
        body=body,
        url=_url(meta.get("url")),
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
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InvalidArticle(f"broken front matter{where}: {problem}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InvalidArticle("front matter must be a mapping of keys to values")
    return {str(k).lower(): v for k, v in meta.items()}, raw[match.end() :]


def _title(meta: dict[str, Any], markdown: str) -> str | None:
    if "title" in meta:
        value = meta["title"]
        return " ".join(str(value).split()) or None if value is not None else None
    heading = re.match(r"\A\s*#\s+([^\n]+)", markdown)
    return " ".join(heading.group(1).strip(" #").split()) if heading else None


def _published(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidArticle(
            f"published: cannot read {text[:40]!r} as a date (use YYYY-MM-DD or YYYY-MM-DD HH:MM)"
        ) from None


def _url(value: object) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not re.match(r"https?://[^\s/]+\.[^\s]+\Z", text):
        raise InvalidArticle(f"url: {text[:60]!r} is not an http(s) address")
    return text


def _optional_text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise InvalidArticle(f"{key}: expected text, got a {type(value).__name__}")
    return " ".join(str(value).split()) or None


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list):
        raise InvalidArticle("tags: expected a list")
    return tuple(t for t in (" ".join(str(v).split()) for v in value) if t)
