"""URLs as inputs, against a local HTTP server on 127.0.0.1 (never the internet): 200, 404,
redirects, timeouts, pages too large, servers that are not there, and names for URL articles."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO, TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.errors import InputError
from translate.read import find_articles, read_article, url_output_name

PAGE = (REPO / "bench" / "data" / "pages" / "cms-nachrichten.html").read_bytes()
# Two sentences the tiny model was trained on, as a page and as plain text.
TINY_PAGE = (
    "<html><head><meta charset='utf-8'><title>Kurz</title></head><body><article>"
    "<h1>Der Hund schläft.</h1><p>Wo ist der Bahnhof?</p></article></body></html>"
).encode()
SLOW_SECONDS = 3.0
TRICKLE_BYTES = 300
runner = CliRunner()


class Handler(BaseHTTPRequestHandler):
    """Routes for the tests; every answer is written by hand here."""

    trickled = 0

    def do_GET(self) -> None:
        routes: dict[str, Callable[[], None]] = {
            "/artikel.html": lambda: self.send(200, PAGE, "text/html; charset=utf-8"),
            "/kurz.html": lambda: self.send(200, TINY_PAGE, "text/html"),
            "/text": lambda: self.send(200, "Der Hund schläft.".encode("cp1252"), "text/plain"),
            "/bild.png": lambda: self.send(200, b"\x89PNG\r\n", "image/png"),
            "/alt": lambda: self.redirect("/artikel.html"),
            "/langsam": self.slow,
            "/riesig": lambda: self.send(200, b"<p>" + b"x" * 5000 + b"</p>", "text/html"),
            "/riesig-ohne-laenge": self.endless,
            "/tropfen": self.trickle,
            "/tropfende-kopfzeilen": self.trickle_headers,
            "/abgeschnitten": lambda: self.cut(b"Content-Length: 100000\r\n\r\n" + TINY_PAGE),
            "/abgeschnitten-in-stuecken": lambda: self.cut(
                b"Transfer-Encoding: chunked\r\n\r\n2710\r\n" + TINY_PAGE
            ),
            "/kreis": lambda: self.redirect("/kreis"),
            "/weiter-1": lambda: self.redirect("/weiter-2"),
            "/weiter-2": lambda: self.redirect("/weiter-1"),
        }
        route = routes.get(self.path)
        if route is None:
            self.send(404, b"<h1>Nicht gefunden</h1>", "text/html")
        else:
            route()

    def send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def cut(self, rest: bytes) -> None:
        """Headers that promise more than is sent: the connection closes after `rest`."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + rest)
        self.close_connection = True

    def slow(self) -> None:
        time.sleep(SLOW_SECONDS)
        with contextlib.suppress(OSError):  # the client gave up, as it should
            self.send(200, TINY_PAGE, "text/html")

    def endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: the size shows only while reading
        with contextlib.suppress(OSError):  # the client stopped reading, as it should
            for _ in range(100):
                self.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")

    def trickle(self) -> None:
        """A byte every 0.1 s, TRICKLE_BYTES of them: each read gets an answer in time, the
        page takes 30 s. `trickled` says how many went out before the client hung up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.drip()

    def trickle_headers(self) -> None:
        """The status line at once, then a header a byte every 0.1 s (TRICKLE_BYTES)."""
        self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Langsam: ")
        self.drip()

    def drip(self) -> None:
        """TRICKLE_BYTES bytes, one every 0.1 s, counted in `trickled`."""
        Handler.trickled = 0
        with contextlib.suppress(OSError):  # the client gave up, as it should
            for _ in range(TRICKLE_BYTES):
                self.wfile.write(b"y")
                self.wfile.flush()
                Handler.trickled += 1
                time.sleep(0.1)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: no access log on the test's stderr."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local server for the module's tests; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight there, whatever proxy the machine has set."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")


def test_a_page_is_fetched_and_read_as_a_saved_page(server: str) -> None:
    article = read_article(f"{server}/artikel.html")
    assert article.paragraphs[0] == "Pegel an der Elbe steigt weiter"
    assert article.source == f"{server}/artikel.html"
    assert article.raw == PAGE
    assert article.metadata.fetched_url == f"{server}/artikel.html"
    assert article.metadata.saved_as == "source.html"
    assert article.metadata.format == "html"
    assert article.metadata.author == "Katrin Albers"


def test_a_redirect_is_followed_and_the_final_address_kept(server: str) -> None:
    article = read_article(f"{server}/alt")
    assert article.paragraphs[0] == "Pegel an der Elbe steigt weiter"
    assert article.metadata.fetched_url == f"{server}/artikel.html"


def test_plain_text_is_read_as_text(server: str) -> None:
    article = read_article(f"{server}/text")
    assert article.paragraphs == ("Der Hund schläft.",)
    assert article.metadata.format == "text"
    assert article.metadata.encoding == "latin-1"
    assert article.metadata.saved_as == "source.txt"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/fehlt", "cannot be fetched (the server answered 404 Not Found); check the address."),
        ("/bild.png", "serves image/png, not a web page or text; give the address of the "),
        ("/riesig", "the page is larger than the 1,000-byte limit for one article; raise"),
        ("/riesig-ohne-laenge", "the page is larger than the 1,000-byte limit for one article"),
    ],
)
def test_a_bad_answer_is_one_line_naming_the_url(server: str, path: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_article(f"{server}{path}", max_bytes=1000)
    assert str(caught.value).startswith(f"{server}{path}: {reason}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (
            "/abgeschnitten",
            f"the connection closed after {len(TINY_PAGE)} of the 100,000 bytes the server "
            "announced); try again later, or save the page and give the file.",
        ),
        (
            "/abgeschnitten-in-stuecken",
            "the connection closed before the end of the page); try again later, or save the "
            "page and give the file.",
        ),
        (
            "/kreis",
            "the server's redirects go round in a loop or past 10 hops); check the address.",
        ),
        ("/weiter-1", "the server's redirects go round in a loop or past 10 hops)"),
    ],
)
def test_a_cut_answer_or_a_redirect_loop_is_one_line(server: str, path: str, reason: str) -> None:
    """A page cut short is never taken for the article (it would be translated, half)."""
    with pytest.raises(InputError) as caught:
        read_article(f"{server}{path}")
    assert str(caught.value).startswith(f"{server}{path}: cannot be fetched ({reason}")
    assert "\n" not in str(caught.value)


def test_a_server_that_does_not_answer_in_time_is_given_up_on(server: str) -> None:
    # Had it waited, the page would have come (after SLOW_SECONDS) and nothing been raised.
    with pytest.raises(InputError) as caught:
        read_article(f"{server}/langsam", timeout=0.3)
    assert str(caught.value) == (
        f"{server}/langsam: cannot be fetched (no complete answer within 0.3 seconds); try "
        "again later, or save the page and give the file."
    )


@pytest.mark.parametrize("path", ["/tropfen", "/tropfende-kopfzeilen"])
def test_a_server_that_trickles_is_cut_at_the_time_limit(server: str, path: str) -> None:
    """The page's body, or its headers, a byte at a time: each read in time, never done."""
    with pytest.raises(InputError) as caught:
        read_article(f"{server}{path}", timeout=0.5)
    assert str(caught.value) == (
        f"{server}{path}: cannot be fetched (no complete answer within 0.5 seconds); try "
        "again later, or save the page and give the file."
    )
    time.sleep(0.5)  # the server notices the hang-up at its next write or two
    assert Handler.trickled < TRICKLE_BYTES / 2  # it hung up, rather than wait for the page


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_server_is_one_line() -> None:
    url = f"http://127.0.0.1:{closed_port()}/artikel.html"
    with pytest.raises(InputError) as caught:
        read_article(url)
    assert str(caught.value) == (
        f"{url}: cannot be fetched (the connection was refused); check the address and the "
        "connection (a proxy is taken from https_proxy / http_proxy)."
    )


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (
            "https://www.zeitung.example/politik/bericht-100.html",
            "www.zeitung.example_politik_bericht-100",
        ),
        (
            "https://www.zeitung.example/politik/bericht-100.html?seite=2",
            "www.zeitung.example_politik_bericht-100-bdda9762",
        ),
        ("http://127.0.0.1:8123/a/../b/./c.htm", "127.0.0.1_8123_a_b_c"),
        ("https://zeitung.example/", "zeitung.example"),
        ("https://zeitung.example/%2F..%2F..%2Fetc/", "zeitung.example_etc"),
        ("HTTPS://Zeitung.EXAMPLE/Straße/Bericht.PHP", "zeitung.example_Straße_Bericht"),
    ],
)
def test_names_for_url_articles_are_stable_and_safe(url: str, name: str) -> None:
    assert url_output_name(url) == name
    assert "/" not in name and ".." not in name.split("_")
    [found] = find_articles([url]).articles
    assert (found.path, found.name) == (url, name)


def test_stdin_keeps_its_name() -> None:
    [found] = find_articles(["-"]).articles
    assert found.name == "stdin"


TINY = ["--model", str(TINY_MARIAN), "--engine", "torch", "--device", "cpu"]


def test_run_on_a_url_writes_the_folder_with_the_page_beside_it(
    server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", f"{server}/kurz.html", "--out", str(out), *TINY])
    assert result.exit_code == 0, result.stderr
    name = url_output_name(f"{server}/kurz.html")
    folder = out / name
    assert (folder / "source.html").read_bytes() == TINY_PAGE
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == (
        "The dog sleeps.\n\nWhere is the station?\n"
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [entry] = manifest["articles"]
    assert entry["source"] == f"{server}/kurz.html"
    assert entry["metadata"]["saved_as"] == "source.html"
    assert entry["metadata"]["fetched_url"] == f"{server}/kurz.html"
    # A second run finds it up to date (same bytes, same settings), source.html and all.
    again = runner.invoke(app, ["run", f"{server}/kurz.html", "--out", str(out), *TINY])
    assert again.exit_code == 0, again.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"][0]["status"] == "skipped-unchanged"


def test_an_unreachable_url_fails_alone_and_the_rest_is_done(server: str, tmp_path: Path) -> None:
    article = tmp_path / "kurz.txt"
    article.write_text("Der Hund schläft.", encoding="utf-8")
    missing = f"{server}/fehlt"
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", missing, str(article), "--out", str(out), *TINY])
    assert result.exit_code == 1
    assert (
        f"translate: error: {missing}: cannot be fetched (the server answered 404 Not Found); "
        "check the address.\n" in result.stderr
    )
    assert (out / "kurz" / "translation.en.txt").is_file()


def test_a_single_bad_url_is_exit_2(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/x"
    result = runner.invoke(app, ["run", url, "--out", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"translate: error: {url}: cannot be fetched (")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()
