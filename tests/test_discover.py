import os
from pathlib import Path

import pytest
from conftest import DOG_SENTENCE, error_lines, run_tiny

from translate.errors import InputError
from translate.read import read_article
from translate.read.discover import ArticlePath, find_articles, is_article_file


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Der Hund schläft.", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "is_article"),
    [
        ("bericht.txt", True),
        ("BERICHT.TXT", True),
        ("bericht.txt~", False),
        (".DS_Store", False),
        ("._bericht.txt", False),
        (".versteckt.txt", False),
        ("bild.png", False),
        ("bericht.md", False),
        ("bericht", False),
        ("Pressemitteilung.docx", True),
        ("bericht.ODT", True),
        ("studie.pdf", True),
        ("~$bericht.docx", False),  # Word's lock file beside an open document
        (".~lock.bericht.odt#", False),  # LibreOffice's
        ("bericht.doc", False),
    ],
)
def test_what_counts_as_an_article_in_a_folder(name: str, is_article: bool) -> None:
    assert is_article_file(Path("news") / name) is is_article


def test_a_folder_gives_its_articles_sorted_and_counts_the_rest(tmp_path: Path) -> None:
    make(tmp_path, "b.txt", "a.txt", ".DS_Store", "bild.png", "a.txt~", "sub/c.txt")
    found = find_articles([str(tmp_path)])
    assert found.articles == (
        ArticlePath(str(tmp_path / "a.txt"), "a"),
        ArticlePath(str(tmp_path / "b.txt"), "b"),
    )
    assert sorted(Path(p).name for p in found.non_articles) == [".DS_Store", "a.txt~", "bild.png"]
    assert found.problems == ()


def test_recursive_names_keep_the_sub_folders(tmp_path: Path) -> None:
    make(tmp_path, "a.txt", "2024/mai/a.txt", "2024/b.txt", ".git/x.txt", "out/old.txt")
    found = find_articles([str(tmp_path)], recursive=True, exclude=tmp_path / "out")
    assert [(Path(a.path).relative_to(tmp_path).as_posix(), a.name) for a in found.articles] == [
        ("a.txt", "a"),
        ("2024/b.txt", "2024/b"),
        ("2024/mai/a.txt", "2024/mai/a"),
    ]


def test_globs_are_expanded_and_files_named_are_taken_as_given(tmp_path: Path) -> None:
    make(tmp_path, "a.txt", "b.txt", "c.md", "notiz.text")
    found = find_articles([str(tmp_path / "*"), str(tmp_path / "notiz.text")])
    assert [article.name for article in found.articles] == ["a", "b", "notiz"]
    assert [Path(path).name for path in found.non_articles] == ["c.md", "notiz.text"]


def test_the_same_file_twice_is_translated_once(tmp_path: Path) -> None:
    make(tmp_path, "a.txt")
    found = find_articles([str(tmp_path), str(tmp_path / "a.txt")])
    assert found.articles == (ArticlePath(str(tmp_path / "a.txt"), "a"),)


def test_problems_are_reported_with_their_path(tmp_path: Path) -> None:
    make(tmp_path, "eins/a.txt", "zwei/a.txt", "leer/unter/b.txt")
    found = find_articles(
        [
            str(tmp_path / "eins"),
            str(tmp_path / "zwei"),
            str(tmp_path / "leer"),
            str(tmp_path / "*.nix"),
            str(tmp_path / "fehlt.txt"),
        ]
    )
    assert found.articles == (
        ArticlePath(str(tmp_path / "eins" / "a.txt"), "a"),
        ArticlePath(str(tmp_path / "fehlt.txt"), "fehlt"),  # reading it reports it
    )
    assert [(problem.path, str(problem.error)) for problem in found.problems] == [
        (
            str(tmp_path / "leer"),
            f"{tmp_path / 'leer'}: holds no article (.txt, .html, .docx, .odt, .pdf) files (it has "
            "sub-folders: add "
            "--recursive); check the path.",
        ),
        (str(tmp_path / "*.nix"), f"{tmp_path / '*.nix'}: no file matches this pattern; check it."),
        (
            str(tmp_path / "zwei" / "a.txt"),
            f"{tmp_path / 'zwei' / 'a.txt'}: would write the same output folder `a` as "
            f"{tmp_path / 'eins' / 'a.txt'}; rename one of them or translate them into different "
            "--out folders.",
        ),
    ]


# --- 6. and 8.: discovery and reading never hang -------------------------------------------


def test_a_symlink_cycle_ends(tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    (news / "sub" / "b.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    (news / "sub" / "loop").symlink_to(news, target_is_directory=True)
    found = find_articles([str(news)], recursive=True)
    assert [article.name for article in found.articles] == ["a", "sub/b"]


def test_devices_and_fifos_are_refused_or_counted(tmp_path: Path) -> None:
    (tmp_path / "z.txt").symlink_to("/dev/zero")
    with pytest.raises(InputError) as raised:
        read_article(tmp_path / "z.txt")
    assert str(raised.value) == (
        f"{tmp_path / 'z.txt'}: is not a regular file but a device, which could block or never "
        "end; save the article to a file and give that."
    )
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match="is not a regular file but a FIFO"):
        read_article(tmp_path / "pipe.txt")  # opened without blocking: no writer needed
    (tmp_path / "a.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    found = find_articles([str(tmp_path)])
    assert [article.name for article in found.articles] == ["a"]
    assert sorted(found.non_articles) == [
        f"{tmp_path / 'pipe.txt'} (a FIFO (named pipe))",
        f"{tmp_path / 'z.txt'} (a device)",
    ]


def test_an_article_over_the_size_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "gross.txt").write_bytes(b"Der Hund schl\xc3\xa4ft. " * 1000)
    code, stderr = run_tiny(tmp_path / "gross.txt", "-o", tmp_path / "out", "--max-bytes", "1024")
    assert code == 2
    assert error_lines(stderr) == [
        f"translate: error: {tmp_path / 'gross.txt'}: is larger than the 1 KiB limit for one "
        "article; split it, or raise the limit with --max-bytes N."
    ]
    assert run_tiny(tmp_path / "gross.txt", "-o", tmp_path / "out")[0] == 0  # 19 KB: fine
