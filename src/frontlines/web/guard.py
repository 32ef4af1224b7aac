"""Who may talk to the dashboard, and what every answer tells the browser.

A pure ASGI middleware in front of the app:
- the Host header must name this server (a loopback name when bound to loopback), so a page on
  another site cannot reach the dashboard through DNS rebinding;
- off loopback, every request carries the token (`?token=` once, then a same-site cookie, or an
  `Authorization: Bearer` header);
- every request that is not a read (any method but GET, HEAD, OPTIONS) carries the store's review
  token in an `X-Review-Token` header, and is refused outright unless the server is bound to
  loopback: without the token the dashboard is read-only. A header (not a cookie) cannot be sent by
  another site's page without a CORS preflight this server never grants;
- every response says: scripts, styles and data from this origin only (CSP), no MIME sniffing, no
  framing, no referrer.
"""
from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
COOKIE = "frontlines_token"
# Tiles are images from the URL the user types (off by default), hence https: for images only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Access:
    """Hosts the Host header may name (None: any) and the token requests must carry (None: none)."""

    hosts: frozenset[str] | None = LOOPBACK_NAMES
    token: str | None = None
    warning: str | None = None
    review_token: str | None = None  # None: no write route answers (read-only dashboard)


def access_for(host: str, token: str | None = None, review_token: str | None = None) -> Access:
    """Loopback: no token, loopback Host names only, and corrections with the store's review token.
    Any other interface: a warning, a token (the one given, or a new random one) on every request,
    and no corrections at all."""
    if is_loopback(host):
        return Access(LOOPBACK_NAMES | {host.strip("[]")}, token, review_token=review_token)
    token = token or secrets.token_urlsafe(24)
    wildcard = host in ("0.0.0.0", "::", "")
    where = "every interface of this machine" if wildcard else host
    return Access(None if wildcard else frozenset({host.strip("[]")}), token,
                  f"the dashboard listens on {where}: anyone who can reach it can read the store, "
                  f"so every request needs the token; open http://{'HOST' if wildcard else host}:PORT/?token={token}")


def _hostname(value: str) -> str:
    if value.startswith("["):  # [::1]:8765
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = _hostname(headers.get(b"host", "").lower())
        if self.access.hosts is not None and host not in self.access.hosts:
            return await _plain(send, 421, "this server does not answer for that Host name\n")
        if scope.get("method", "GET") not in SAFE_METHODS:
            refused = self._refuse_write(headers)
            if refused:
                return await _plain(send, 403, refused)
        set_cookie = None
        if self.access.token is not None:
            given, where = self._token(scope, headers)
            if given is None or not secrets.compare_digest(given.encode(), self.access.token.encode()):
                return await _plain(send, 401, "this dashboard needs its token: open the address "
                                               "`frontlines serve` printed (it ends in ?token=...)\n")
            if where == "query":  # the address typed in a browser: its later requests carry a cookie
                set_cookie = f"{COOKIE}={self.access.token}; Path=/; HttpOnly; SameSite=Strict".encode()

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
                if set_cookie:
                    message["headers"].append((b"set-cookie", set_cookie))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refuse_write(self, headers: dict[bytes, str]) -> str | None:
        """Why a write is refused, or None when it carries the review token."""
        if self.access.review_token is None:
            return "this dashboard is read-only (corrections need `frontlines serve` on loopback)\n"
        given = headers.get(b"x-review-token", "")
        if not given or not secrets.compare_digest(given.encode(), self.access.review_token.encode()):
            return "corrections need the review token `frontlines serve` printed (open its ?review= address)\n"
        return None

    @staticmethod
    def _token(scope: Scope, headers: dict[bytes, str]) -> tuple[str | None, str]:
        auth = headers.get(b"authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip(), "header"
        if COOKIE in headers.get(b"cookie", ""):
            try:
                morsel = SimpleCookie(headers[b"cookie"]).get(COOKIE)
            except CookieError:
                morsel = None
            if morsel is not None:
                return morsel.value, "cookie"
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        return (values[0], "query") if values else (None, "")


async def _plain(send: Callable, status: int, text: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": text.encode()})
