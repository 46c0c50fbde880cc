"""Fetching an article's page from a URL: bounded in time and size, honest about failures.

The standard library's urllib does all a news page needs: redirects (up to 10), proxies from
the environment (`https_proxy`, `http_proxy`, `no_proxy`), TLS with the system's certificates.
A connection that stalls, and one that trickles bytes forever, are both cut at `timeout`
seconds (each read, and the whole answer, headers included); a page larger than `max_bytes` is
refused, by its `Content-Length` when the server sends one and by counting when it does not; a
page that ends before the length it announced (or mid-chunk) is refused too, never translated
as if it were whole.
Every failure is an `InputError` naming the URL and the reason, so a batch goes on with its
other inputs.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPConnection, HTTPException, HTTPSConnection, IncompleteRead
from typing import Any

from translate.errors import InputError
from translate.version import __version__

DEFAULT_TIMEOUT = 30.0
_CHUNK = 64 * 1024
USER_AGENT = f"translate/{__version__} (German-English article translator)"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page as the server sent it: its bytes, its final address (after redirects) and its
    `Content-Type` header as sent (`text/html; charset=windows-1252`), if any."""

    url: str
    final_url: str
    data: bytes
    content_type: str | None = None


def fetch_url(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> FetchedPage:
    """GET `url` (following redirects) and return its bytes, at most `max_bytes` of them."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"}
    )
    deadline = time.monotonic() + timeout
    watchdogs: list[threading.Timer] = []
    opener = urllib.request.build_opener(*_handlers_with_deadline(deadline, watchdogs))
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise _too_large(url, max_bytes)
            chunks: list[bytes] = []
            received = 0
            # read1, not read: read(n) waits for all n bytes, so a server that trickles a
            # byte at a time would answer every socket read in time and never be cut.
            while chunk := response.read1(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise _too_large(url, max_bytes)
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            if time.monotonic() > deadline:  # the end may be the watchdog's, not the server's
                raise TimeoutError
            if length is not None and length.isdigit() and received < int(length):
                raise _cut_short(
                    url, f"after {received:,} of the {int(length):,} bytes the server announced"
                )
            content_type = headers.get("Content-Type")
            return FetchedPage(url, response.geturl(), b"".join(chunks), content_type)
    except urllib.error.HTTPError as error:
        reason = f"the server answered {error.code} {error.reason}"
        if 300 <= error.code < 400:  # urllib gave up following them
            reason = "the server's redirects go round in a loop or past 10 hops"
        raise InputError(f"{url}: cannot be fetched ({reason}); check the address.") from None
    except TimeoutError:
        raise _timed_out(url, timeout) from None
    except urllib.error.URLError as error:
        if time.monotonic() > deadline:  # the watchdog shut the connection
            raise _timed_out(url, timeout) from None
        raise InputError(
            f"{url}: cannot be fetched ({_reason(error.reason)}); check the address and the "
            "connection (a proxy is taken from https_proxy / http_proxy)."
        ) from None
    except (HTTPException, OSError, ValueError) as error:
        if time.monotonic() > deadline:
            raise _timed_out(url, timeout) from None
        if isinstance(error, IncompleteRead):  # a chunked answer ended between its chunks
            raise _cut_short(url, "before the end of the page") from None
        raise InputError(f"{url}: cannot be fetched ({_reason(error)}).") from None
    finally:
        for watchdog in watchdogs:
            watchdog.cancel()


def _handlers_with_deadline(
    deadline: float, watchdogs: list[threading.Timer]
) -> list[urllib.request.BaseHandler]:
    """urllib's HTTP and HTTPS handlers, with each connection (redirects make several) shut at
    `deadline`: a socket timeout bounds each read, and a server can answer each read in time
    while sending its status line and headers a byte at a time. The timers go in `watchdogs`,
    for the caller to cancel."""

    def watched(connection_class: type[HTTPConnection]) -> type[HTTPConnection]:
        class Watched(connection_class):  # type: ignore[valid-type,misc]
            def connect(self) -> None:
                super().connect()
                remaining = max(0.0, deadline - time.monotonic())
                watchdog = threading.Timer(remaining, _shut, args=(self.sock,))
                watchdog.daemon = True
                watchdogs.append(watchdog)
                watchdog.start()

        return Watched

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, request: urllib.request.Request) -> Any:
            return self.do_open(watched(HTTPConnection), request)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, request: urllib.request.Request) -> Any:
            return self.do_open(watched(HTTPSConnection), request, context=_tls())

    return [HTTPHandler(), HTTPSHandler()]


@functools.cache
def _tls() -> ssl.SSLContext:
    """What urllib would use: the system's certificates, loaded once, not for every page."""
    return ssl.create_default_context()


def _timed_out(url: str, timeout: float) -> InputError:
    return InputError(
        f"{url}: cannot be fetched (no complete answer within {timeout:g} seconds); try "
        "again later, or save the page and give the file."
    )


def _cut_short(url: str, when: str) -> InputError:
    """A page the connection ended in the middle of: never taken for the whole article."""
    return InputError(
        f"{url}: cannot be fetched (the connection closed {when}); try again later, or save "
        "the page and give the file."
    )


def _shut(connection: socket.socket) -> None:
    """End a connection's reads and writes; a blocked read returns at once."""
    with contextlib.suppress(OSError):  # closed already
        connection.shutdown(socket.SHUT_RDWR)


def _too_large(url: str, max_bytes: int) -> InputError:
    return InputError(
        f"{url}: the page is larger than the {max_bytes:,}-byte limit for one article; raise "
        "the limit with --max-bytes N."
    )


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "the connection timed out"
    if isinstance(reason, socket.gaierror):
        return "the host name cannot be resolved: offline, or no such host"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = str(reason).strip()
    return text.splitlines()[0] if text else type(reason).__name__
