"""The driver of a generated SOAP server stub: a Starlette app that serves the WSDL, reads SOAP 1.1 and 1.2
requests, dispatches them on the body element to the service's methods and answers with the response or a
fault. The generated `server` module holds the service's base class and the table of its operations.

Part of the sodagen runtime, copied verbatim into generated packages. Do not edit.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import logging
import re
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from importlib import resources
from typing import Any, Final, Protocol
from xml.sax.saxutils import quoteattr

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ._http import BodyRefused, Endpoint, Unauthorized, header, off_loop, read_body
from ._xml import (
    CLOSE_ENVELOPE,
    CONTENT_TYPES,
    Envelope,
    NotUnderstood,
    SoapFault,
    fault_body,
    open_envelope,
    soap_version,
)
from .errors import DecodeError

__all__ = ["Operation", "OperationNotImplemented", "RequestContext", "Unauthorized", "create_app"]

LOG = logging.getLogger(__name__)

Authenticate = Callable[[Request], Awaitable[object]]
_FAULT_STATUS: Final = {
    "1.1": {"Client": 500, "Server": 500},
    "1.2": {"Client": 400, "Server": 500},
}


class OperationNotImplemented(Exception):
    """Raised by the operations a subclass does not override; the client gets a Server fault saying so."""


@dataclasses.dataclass(slots=True, kw_only=True)
class RequestContext:
    """What a request carries besides its body."""

    principal: object
    """What the `authenticate` hook returned (None without a hook)."""
    soap: str
    """"1.1" or "1.2"."""
    action: str | None
    """The SOAPAction the client sent, if any."""
    headers: list[object]
    """The SOAP header blocks the schema declares, decoded."""
    http: Request


@dataclasses.dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the service, by the model of its request."""

    name: str
    method: str
    """The method of the service class that serves it."""
    action: str
    """The SOAPAction the WSDL gives it."""
    response: type | None
    """The model of its response; None for a one-way operation (HTTP 202)."""
    headers: tuple[type, ...] = ()
    """The models of the header blocks the WSDL declares for its request: the others are ignored (unless
    they must be understood: a `MustUnderstand` fault)."""


class Codec(Protocol):
    """What the driver needs of the package's codec module."""

    def decode_envelope(
        self,
        data: bytes | str,
        *,
        headers: Callable[[object], Collection[type]] | None = None,
        prefixes: bool = True,
        bare: bool = True,
        empty: bool = False,
    ) -> Envelope: ...

    def encode(self, obj: object, *, soap: str) -> bytes: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Wsdl:
    """The WSDL the package ships (`service.wsdl`), whose address is replaced by the serving one."""

    package: str
    address: str

    def text(self, address: str) -> str:
        text = resources.files(self.package).joinpath("service.wsdl").read_text(encoding="utf-8")
        return text.replace(f"location={quoteattr(self.address)}", f"location={quoteattr(address)}")


def create_app(
    service: object,
    operations: Mapping[type, Sequence[Operation]],
    codec: Codec,
    wsdl: Wsdl,
    *,
    path: str,
    authenticate: Authenticate | None,
    max_body: int,
    body_timeout: float,
) -> Starlette:
    """An ASGI app serving `service` at `path` (see the generated `server.create_app`)."""
    declared = {
        model: frozenset(header for entry in entries for header in entry.headers)
        for model, entries in operations.items()
    }

    def headers_of(body: object) -> Collection[type]:
        return declared.get(type(body), frozenset())

    empty = type(None) in operations  # an operation whose request is an empty Body

    async def endpoint(request: Request) -> Response:
        if request.method in ("GET", "HEAD"):  # Starlette routes a HEAD wherever a GET goes
            if any(key.lower() == "wsdl" for key in request.query_params):
                address = str(request.url.replace(query=""))
                return Response(wsdl.text(address), media_type="text/xml; charset=utf-8")
            return Response("GET serves only ?wsdl\n", status_code=405, headers={"Allow": "POST"})
        content_type = header(request, b"content-type") or ""
        soap = soap_version(content_type)
        if soap is None:
            return Response(
                "a SOAP request is text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)\n",
                status_code=415,
            )
        principal: object = None
        if authenticate is not None:
            try:
                principal = await authenticate(request)
            except Unauthorized as exc:
                response = _fault("Client", str(exc) or "authentication required", soap, 401)
                response.headers["WWW-Authenticate"] = "Bearer"
                return response
            except Exception:
                # The hook's own failure (a store it reads) is the server's, answered as a fault.
                LOG.exception("the authenticate hook failed")
                return _fault("Server", "the server could not process the request", soap)
        try:
            data = await read_body(request, max_body, body_timeout)
        except BodyRefused as refused:
            return _fault("Client", refused.message, soap, refused.status, refused.headers)
        try:
            charset = _charset(content_type)
        except LookupError as exc:
            return _fault("Client", f"the body's charset is not one this server reads: {exc}", soap)
        try:
            envelope = await off_loop(len(data), _decode, codec, data, charset, headers_of, empty)
        except UnicodeError as exc:
            return _fault("Client", f"the body is not text in its declared charset: {exc}", soap)
        except NotUnderstood as exc:
            return _fault("MustUnderstand", str(exc), soap)
        except DecodeError as exc:
            return _fault("Client", str(exc), soap)
        except SoapFault:
            return _fault("Client", "a request cannot be a SOAP fault", soap)
        return await _dispatch(service, operations, codec, request, envelope, soap, principal)

    return Starlette(routes=[Route(path, Endpoint(endpoint), methods=["GET", "POST"])])


def _decode(
    codec: Codec,
    data: bytes,
    charset: str | None,
    headers: Callable[[object], Collection[type]],
    empty: bool,
) -> Envelope:
    """The request's envelope, read in `charset` (decoding a big body is kept off the event loop with
    the parse: some charsets decode slowly)."""
    return codec.decode_envelope(
        _in_charset(data, charset), headers=headers, prefixes=False, bare=False, empty=empty
    )


_CHARSET = re.compile(r""";\s*charset\s*=\s*"?([^";\s]+)"?""", re.IGNORECASE)
_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_NOT_CHARSETS: Final = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined", "mbcs", "oem"}
)
"""Python codecs that are no charset a body is written in (and some decode slowly)."""


def _in_charset(data: bytes, charset: str | None) -> bytes | str:
    """The body as the Content-Type's charset says (RFC 7303: it overrides the XML declaration and a byte
    order mark): the bytes themselves for no charset or UTF-8 (without a declaration naming another
    encoding, which lxml would follow), else the text decoded from it."""
    if charset is None or (charset == "utf-8" and not _declares_other_encoding(data)):
        return data
    text = data.decode(charset).removeprefix("\ufeff")
    return _DECLARATION.sub("", text, count=1)  # its encoding is no longer the text's


_OTHER_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["'](?!utf-?8["'])""", re.I
)
_UTF8_DECLARATIONS: Final = tuple(
    f"<?xml version={q}1.0{q} encoding={q}{name}{q}?>".encode()
    for q in "\"'"
    for name in ("utf-8", "UTF-8")
)


def _declares_other_encoding(data: bytes) -> bool:
    """Whether the XML declaration names an encoding other than UTF-8 (which lxml would follow). This runs
    for every request a client sends as `charset=utf-8`: the usual declarations, and a body without one,
    are told apart before the regular expression."""
    if data.startswith(_UTF8_DECLARATIONS) or (data[:1] == b"<" and data[1:2] != b"?"):
        return False
    return _OTHER_ENCODING.match(data) is not None


@functools.lru_cache(maxsize=64)
def _charset(content_type: str) -> str | None:
    """The charset a Content-Type names, by its codec's name (`utf-8`); None for none (cached: clients
    send the same few, and a lookup costs more than the rest of reading a small body). An unknown one
    raises LookupError, as does a codec that is no charset (`rot13`, `punycode`).
    """
    found = _CHARSET.search(content_type)
    if found is None:
        return None
    info = codecs.lookup(found.group(1))
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        raise LookupError(f"{found.group(1)} is not a charset")
    return info.name


def _fault(
    code: str,
    message: str,
    soap: str,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = (
        open_envelope(soap, "") + fault_body(SoapFault(code, message), soap) + CLOSE_ENVELOPE
    ).encode()
    return Response(
        body,
        status_code=status or _FAULT_STATUS[soap].get(code, 500),
        media_type=CONTENT_TYPES[soap],
        headers=headers,
    )


def _choose(candidates: Sequence[Operation], action: str | None) -> Operation | str:
    """The operation a request names: by its body element, and by its SOAPAction where operations share a
    body element (or to check it); a string says why none is."""
    if not action:
        if len(candidates) == 1:
            return candidates[0]
        names = ", ".join(entry.name for entry in candidates)
        return f"the body element is the request of {names}: a SOAPAction must say which"
    for entry in candidates:
        if entry.action == action:
            return entry
    if len(candidates) == 1:
        entry = candidates[0]
        return f"SOAPAction {action!r} does not match {entry.name} (expected {entry.action!r})"
    return f"SOAPAction {action!r} names none of {', '.join(entry.name for entry in candidates)}"


def _action(request: Request, soap: str) -> str | None:
    if soap == "1.1":
        value = header(request, b"soapaction")
        return value.strip().strip('"') if value is not None else None
    for parameter in (header(request, b"content-type") or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "action":
            return value.strip().strip('"')
    return None


async def _dispatch(
    service: object,
    operations: Mapping[type, Sequence[Operation]],
    codec: Codec,
    request: Request,
    envelope: Envelope,
    soap: str,
    principal: object,
) -> Response:
    if envelope.soap != soap:
        return _fault(
            "VersionMismatch", f"a SOAP {envelope.soap} envelope sent as SOAP {soap}", soap
        )
    candidates = operations.get(type(envelope.body), ())
    if not candidates:
        return _fault(
            "Client", f"{type(envelope.body).__name__} is not a request of this service", soap
        )
    action = _action(request, soap)
    entry = _choose(candidates, action)
    if isinstance(entry, str):
        return _fault("Client", entry, soap)
    context = RequestContext(
        principal=principal, soap=soap, action=action, headers=envelope.headers, http=request
    )
    handler: Callable[[Any, RequestContext], Awaitable[object]] = getattr(service, entry.method)
    try:
        result = await handler(envelope.body, context)
    except OperationNotImplemented:
        return _fault("Server", f"operation {entry.name} is not implemented by this server", soap)
    except SoapFault as fault:
        return _fault(fault.code, fault.string, soap)
    except Exception:
        LOG.exception("%s failed", entry.name)
        return _fault("Server", "the server could not process the request", soap)
    if entry.response is None:
        return Response(status_code=202)
    if type(result) is not entry.response:
        LOG.error("%s returned %r, not a %s", entry.name, type(result), entry.response.__name__)
        return _fault("Server", "the server could not process the request", soap)
    try:
        body = codec.encode(result, soap=soap)
    except Exception:
        # EncodeError, or a field holding what its type is not (a TypeError from deep in the writers).
        LOG.exception("%s returned a response that cannot be written", entry.name)
        return _fault("Server", "the server could not process the request", soap)
    return Response(body, media_type=CONTENT_TYPES[soap])
