"""Fetching an article's page from a URL: bounded in time and size, honest about failures.

The standard library's urllib does all a news page needs: redirects (up to 10), proxies from
the environment (`https_proxy`, `http_proxy`, `no_proxy`), TLS with the system's certificates.
A connection that stalls, and one that trickles bytes forever, are both cut at `timeout`
seconds (each read, and the whole download); a page larger than `max_bytes` is refused, by its
`Content-Length` when the server sends one and by counting when it does not. Every failure is an
`InputError` naming the URL and the reason, so a batch goes on with its other inputs.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException

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
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise _too_large(url, max_bytes)
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise _too_large(url, max_bytes)
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            content_type = headers.get("Content-Type")
            return FetchedPage(url, response.geturl(), b"".join(chunks), content_type)
    except urllib.error.HTTPError as error:
        reason = f"the server answered {error.code} {error.reason}"
        raise InputError(f"{url}: cannot be fetched ({reason}); check the address.") from None
    except TimeoutError:
        raise InputError(
            f"{url}: cannot be fetched (no complete answer within {timeout:g} seconds); try "
            "again later, or save the page and give the file."
        ) from None
    except urllib.error.URLError as error:
        raise InputError(
            f"{url}: cannot be fetched ({_reason(error.reason)}); check the address and the "
            "connection (a proxy is taken from https_proxy / http_proxy)."
        ) from None
    except (HTTPException, OSError, ValueError) as error:
        raise InputError(f"{url}: cannot be fetched ({_reason(error)}).") from None


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
