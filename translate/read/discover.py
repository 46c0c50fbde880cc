"""Finding the articles a batch run was given: files, folders (optionally recursive) and globs.

Inside folders only `.txt` files are articles; everything else (`.DS_Store`, images, `~`
backups, hidden files such as macOS `._name.txt`) is skipped and counted, not reported as an
error. A file named on the command line is always taken as an article.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError
from translate.read.article import STDIN

# The output folder of the article read from stdin.
STDIN_NAME = "stdin"

ARTICLE_SUFFIXES = (".txt",)
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class ArticlePath:
    """An article file and the name of its output folder (relative to `--out`).

    The name is the file's stem; with `--recursive`, the sub-folders it was found in come first
    (`2024/mai/bericht`), so articles with the same file name in different folders stay apart.
    """

    path: str
    name: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A path given (or found) that cannot be translated, and why."""

    path: str
    error: InputError


@dataclass(frozen=True, slots=True)
class FoundArticles:
    """What `find_articles` found: articles, the non-article files it skipped, and problems."""

    articles: tuple[ArticlePath, ...]
    non_articles: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


def is_article_file(path: Path) -> bool:
    """A visible `.txt` file; hidden files and editor backups (`name.txt~`) are not articles."""
    return (
        path.suffix.lower() in ARTICLE_SUFFIXES
        and not path.name.startswith(".")
        and not path.name.endswith("~")
    )


def find_articles(
    paths: Sequence[str], *, recursive: bool = False, exclude: Path | None = None
) -> FoundArticles:
    """Expand `paths` (files, folders, glob patterns) into articles, in the order given.

    Folders are listed in sorted order; with `recursive`, their sub-folders too (hidden ones and
    `exclude`, the output folder, left out). A path that does not exist is kept, so reading it
    reports it; a folder without articles, a pattern matching nothing, and two articles that would
    write the same output folder are returned as `problems`.
    """
    articles: list[ArticlePath] = []
    non_articles: list[str] = []
    problems: list[Problem] = []
    excluded = exclude.resolve() if exclude is not None else None
    for given in paths:
        path = Path(given)
        if given == STDIN:
            articles.append(ArticlePath(STDIN, STDIN_NAME))
        elif path.is_dir():
            found, skipped = _scan_folder(path, recursive=recursive, exclude=excluded)
            if not found:
                problems.append(Problem(given, _no_articles(path, recursive=recursive)))
            articles.extend(found)
            non_articles.extend(skipped)
        elif not path.exists() and _GLOB_CHARACTERS & set(given):
            matches = sorted(glob.glob(given, recursive=recursive))
            if not matches:
                problems.append(
                    Problem(given, InputError(f"{given}: no file matches this pattern; check it."))
                )
            for match in matches:
                if Path(match).is_dir():
                    found, skipped = _scan_folder(
                        Path(match), recursive=recursive, exclude=excluded
                    )
                    articles.extend(found)
                    non_articles.extend(skipped)
                elif is_article_file(Path(match)):
                    articles.append(ArticlePath(match, Path(match).stem))
                else:
                    non_articles.append(match)
        else:
            articles.append(ArticlePath(given, path.stem))
    unique, clashes = _unique(articles)
    return FoundArticles(tuple(unique), tuple(non_articles), tuple(problems + clashes))


def _scan_folder(
    folder: Path, *, recursive: bool, exclude: Path | None
) -> tuple[list[ArticlePath], list[str]]:
    articles: list[ArticlePath] = []
    skipped: list[str] = []
    for file in _walk(folder, recursive=recursive, exclude=exclude):
        if is_article_file(file):
            relative = file.relative_to(folder).with_suffix("")
            articles.append(ArticlePath(str(file), relative.as_posix() if recursive else file.stem))
        else:
            skipped.append(str(file))
    return articles, skipped


def _walk(folder: Path, *, recursive: bool, exclude: Path | None) -> Iterator[Path]:
    """The files of `folder` in sorted order, those of its sub-folders after them if recursive."""
    children = sorted(folder.iterdir())
    yield from (child for child in children if child.is_file())
    if not recursive:
        return
    for child in children:
        if child.is_dir() and not child.name.startswith(".") and child.resolve() != exclude:
            yield from _walk(child, recursive=True, exclude=exclude)


def _no_articles(folder: Path, *, recursive: bool) -> InputError:
    has_subfolders = any(child.is_dir() for child in folder.iterdir())
    hint = " (it has sub-folders: add --recursive)" if has_subfolders and not recursive else ""
    return InputError(f"{folder}: holds no article (.txt) files{hint}; check the path.")


def _unique(articles: list[ArticlePath]) -> tuple[list[ArticlePath], list[Problem]]:
    """Drop repeats of the same file; report different files that would share an output folder."""
    by_name: dict[str, ArticlePath] = {}
    seen: set[Path] = set()
    unique: list[ArticlePath] = []
    clashes: list[Problem] = []
    for article in articles:
        resolved = Path(article.path).resolve() if article.path != STDIN else Path(STDIN)
        if resolved in seen:
            continue
        seen.add(resolved)
        other = by_name.get(article.name)
        if other is not None:
            message = (
                f"{article.path}: would write the same output folder `{article.name}` as "
                f"{other.path}; rename one of them or translate them into different --out folders."
            )
            clashes.append(Problem(article.path, InputError(message)))
            continue
        by_name[article.name] = article
        unique.append(article)
    return unique, clashes
