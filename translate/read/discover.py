"""Finding the articles a batch run was given: files, folders (optionally recursive) and globs.

Inside folders only visible `.txt`, `.html`, `.htm`, `.docx`, `.odt` and `.pdf` files are
articles; everything else (`.DS_Store`, images, `~` backups, Word's `~$name.docx` lock files,
hidden files such as macOS `._name.txt` and LibreOffice's `.~lock.` files, FIFOs and devices) is
skipped and counted, not reported as an error, and so is the `<page>_files` folder a browser
saves beside a page. A file named on the command line is always taken as an article, and so is
an `http(s)://` URL.

Discovery never hangs and never reads what translate wrote: symlinked folders are followed once
(a cycle is cut where it closes), and the output folder, translate's own article folders and its
temporary folders are never searched. Each article gets an output name that is safe on every
filesystem (`names.safe_output_name`); two articles that would share a folder are problems
reported by path, and one whose folder would hold another's takes a hashed name instead.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translate.errors import InputError
from translate.ownership import is_our_article_folder, is_our_index_page, is_our_temporary
from translate.read.names import safe_output_name, url_output_name, with_digest
from translate.read.source import STDIN, describe_mode, is_url

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".odt", ".pdf")
PAGE_SUFFIXES = (".html", ".htm")
# The folders browsers save a page's images and scripts in, beside `<page>.html`.
_SAVED_PAGE_FOLDER_ENDINGS = ("_files", "-Dateien", "-dateien")
# The output folder of the article read from stdin.
STDIN_NAME = "stdin"
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class ArticlePath:
    """An article file and the name of its output folder (relative to `--out`).

    The name is the file's stem, made safe; with `--recursive`, the sub-folders it was found in
    come first (`2024/mai/bericht`), so articles with the same file name in different folders
    stay apart.
    """

    path: str
    name: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A path given (or found) that cannot be translated, and why."""

    path: str
    error: InputError


def _empty_path() -> InputError:
    return InputError(
        "an empty path names no article (an unset variable?); give a file, folder or URL, or "
        "`.` for the current folder."
    )


@dataclass(frozen=True, slots=True)
class FoundArticles:
    """What `find_articles` found: articles, the non-article files it skipped, and problems."""

    articles: tuple[ArticlePath, ...]
    non_articles: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


def is_article_file(path: Path) -> bool:
    """A visible `.txt`, `.html`, `.htm`, `.docx`, `.odt` or `.pdf` file; hidden files, editor
    backups (`name.txt~`) and Word's lock files (`~$name.docx`) are not articles."""
    return (
        path.suffix.lower() in ARTICLE_SUFFIXES
        and not path.name.startswith((".", "~$"))
        and not path.name.endswith("~")
    )


def find_articles(
    paths: Sequence[str], *, recursive: bool = False, exclude: Path | None = None
) -> FoundArticles:
    """Expand `paths` (files, folders, glob patterns, `-`) into articles, in the order given.

    Folders are listed in sorted order; with `recursive`, their sub-folders too (hidden ones,
    `exclude` (the output folder) and translate's own folders left out). A path that does not
    exist is kept, so reading it reports it; a folder without articles, a pattern matching
    nothing, a file inside the output folder, and clashing output names are `problems`.
    """
    walker = _Walker(recursive=recursive, exclude=exclude)
    articles: list[ArticlePath] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if given == STDIN:
            articles.append(ArticlePath(STDIN, STDIN_NAME))
        elif not given:  # `Path("")` is the current folder, but this is an unset `$DIR`
            problems.append(Problem(repr(given), _empty_path()))
        elif is_url(given):
            articles.append(ArticlePath(given, url_output_name(given)))
        elif path.is_dir() and walker.is_inside_ours(path):
            problems.append(Problem(given, _inside_ours(given)))
        elif path.is_dir():
            found = walker.scan(path)
            if not found:
                problems.append(Problem(given, _no_articles(path, recursive=recursive)))
            articles.extend(found)
        elif not path.exists() and _GLOB_CHARACTERS & set(given):
            matches = sorted(glob.glob(given, recursive=recursive))
            if not matches:
                problems.append(
                    Problem(given, InputError(f"{given}: no file matches this pattern; check it."))
                )
            for match in matches:
                if Path(match).is_dir():
                    articles.extend(walker.scan(Path(match)))
                elif is_article_file(Path(match)) and not walker.is_inside_ours(Path(match)):
                    articles.append(ArticlePath(match, safe_output_name(Path(match).stem)))
                else:
                    walker.non_articles.append(match)
        elif walker.is_inside_ours(path):
            problems.append(Problem(given, _inside_ours(given)))
        else:
            articles.append(ArticlePath(given, safe_output_name(path.stem)))
    unique, clashes = _unique(articles)
    return FoundArticles(tuple(unique), tuple(walker.non_articles), tuple(problems + clashes))


class _Walker:
    """Folder listing with the run's exclusions, each real folder visited once."""

    def __init__(self, *, recursive: bool, exclude: Path | None) -> None:
        self.recursive = recursive
        self.exclude = exclude.resolve() if exclude is not None else None
        self.non_articles: list[str] = []
        self._visited: set[tuple[int, int]] = set()

    def scan(self, folder: Path) -> list[ArticlePath]:
        """The articles in `folder` (and below it, if recursive), named relative to it."""
        articles = []
        for file in self._walk(folder):
            relative = PurePosixPath(file.relative_to(folder).with_suffix("").as_posix())
            name = safe_output_name(str(relative) if self.recursive else file.stem)
            articles.append(ArticlePath(str(file), name))
        return articles

    def is_excluded(self, folder: Path) -> bool:
        """True for the output folder and translate's own folders: never searched."""
        if self.exclude is not None and folder.resolve() == self.exclude:
            return True
        return is_our_article_folder(folder) or is_our_temporary(folder)

    def is_inside_ours(self, path: Path) -> bool:
        """True for a path in (or at) one of translate's own folders: an article folder or a
        temporary one. (Files the user keeps in the output folder itself are theirs to name.)"""
        folder = path if path.is_dir() else path.parent
        return any(
            is_our_article_folder(candidate) or is_our_temporary(candidate)
            for candidate in (folder, *folder.parents)
        )

    def _walk(self, folder: Path) -> Iterator[Path]:
        """The article files of `folder` in sorted order, then those of its sub-folders."""
        try:
            identity = folder.stat()
        except OSError:
            return
        key = (identity.st_dev, identity.st_ino)
        if key in self._visited:  # a symlink cycle, or the same folder reached twice
            return
        self._visited.add(key)
        try:
            children = sorted(folder.iterdir())
        except OSError:
            return
        folders = []
        for child in children:
            try:
                mode = child.stat().st_mode
            except OSError:  # a link to nowhere
                self.non_articles.append(str(child))
                continue
            if stat.S_ISDIR(mode):
                folders.append(child)
            elif stat.S_ISREG(mode) and is_article_file(child) and not is_our_index_page(child):
                yield child
            else:
                self.non_articles.append(str(child) if stat.S_ISREG(mode) else _special(child))
        if not self.recursive:
            return
        for child in folders:
            if child.name.startswith(".") or self.is_excluded(child):
                continue
            if _is_saved_page_folder(child):
                self.non_articles.append(f"{child}/")
                continue
            yield from self._walk(child)


def _is_saved_page_folder(folder: Path) -> bool:
    """True for `Bericht_files/` beside `Bericht.html`: a saved page's images and scripts."""
    for ending in _SAVED_PAGE_FOLDER_ENDINGS:
        if folder.name.endswith(ending):
            stem = folder.name[: -len(ending)]
            return any((folder.parent / f"{stem}{suffix}").is_file() for suffix in PAGE_SUFFIXES)
    return False


def _special(path: Path) -> str:
    """A FIFO, device or socket, as the non-article list shows it."""
    try:
        return f"{path} ({describe_mode(os.stat(path).st_mode)})"
    except OSError:
        return str(path)


def _no_articles(folder: Path, *, recursive: bool) -> InputError:
    has_subfolders = any(child.is_dir() for child in folder.iterdir())
    hint = " (it has sub-folders: add --recursive)" if has_subfolders and not recursive else ""
    return InputError(
        f"{folder}: holds no article (.txt, .html, .docx, .odt, .pdf) files{hint}; check the path."
    )


def _inside_ours(given: str) -> InputError:
    return InputError(
        f"{given}: is inside a folder translate wrote (it holds translate's run.json), which is "
        "never read as input; give the original article instead."
    )


def _unique(articles: list[ArticlePath]) -> tuple[list[ArticlePath], list[Problem]]:
    """Drop repeats of the same file; report articles whose output folders would collide.

    Names are compared case-folded (on a case-insensitive disk `Bericht` and `bericht` are one
    folder). An article whose folder would hold another article's folder (`a.txt` beside the
    folder `a/` holding `b.txt`, with --recursive) takes a short hash of its file name instead
    (`a-1f3e5a7b`), the rule for every name that has to change, so both are translated and the
    layout of the folders stays as the input's.
    """
    seen: set[str] = set()  # resolved paths as text: an archive's worth of Path objects is big
    distinct: list[ArticlePath] = []
    for article in articles:
        given = article.path == STDIN or is_url(article.path)
        resolved = str(Path(article.path).resolve()) if not given else article.path
        if resolved not in seen:
            seen.add(resolved)
            distinct.append(article)
    folders = {prefix.casefold() for article in distinct for prefix in _ancestors(article.name)}
    by_name: dict[str, ArticlePath] = {}
    unique: list[ArticlePath] = []
    clashes: list[Problem] = []
    for article in distinct:
        if article.name.casefold() in folders:
            key = article.path if is_url(article.path) else Path(article.path).name
            article = ArticlePath(article.path, with_digest(article.name, key))
        other = by_name.get(article.name.casefold())
        if other is not None or article.name.casefold() in folders:
            message = (
                f"{article.path}: would write the same output folder `{article.name}` as "
                f"{other.path if other else 'a folder of other articles'}; rename one of them or "
                "translate them into different --out folders."
            )
            clashes.append(Problem(article.path, InputError(message)))
            continue
        by_name[article.name.casefold()] = article
        unique.append(article)
    return unique, clashes


def _ancestors(name: str) -> list[str]:
    """`2024/mai/a` → [`2024`, `2024/mai`]."""
    parts = name.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
