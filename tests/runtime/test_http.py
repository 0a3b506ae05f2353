"""The HTTP helpers both server drivers share (`_http`): a large body is decoded in a worker thread, so the
event loop goes on serving others; a small one on the loop, where a thread would cost more than it saves.
A body that does not arrive in time is refused (408), each read against its own deadline. A compressed
body (gzip, deflate) is read decompressed, never past the limit."""

from __future__ import annotations

import asyncio
import gzip
import threading
import zlib

import pytest
from starlette.requests import Request

from generator.runtime._http import CODINGS, OFF_LOOP, BodyRefused, off_loop, read_body


def _thread_name() -> str:
    return threading.current_thread().name


def test_a_large_body_is_decoded_off_the_event_loop() -> None:
    async def run() -> tuple[str, str, str]:
        loop_thread = _thread_name()
        small = await off_loop(OFF_LOOP, _thread_name)
        large = await off_loop(OFF_LOOP + 1, _thread_name)
        return loop_thread, small, large

    loop_thread, small, large = asyncio.run(run())
    assert small == loop_thread and large != loop_thread


def test_the_loop_serves_others_while_a_large_body_decodes() -> None:
    decoding = threading.Event()
    release = threading.Event()

    def slow_decode() -> str:
        decoding.set()
        assert release.wait(10), "the event loop did not run while the decode was blocked"
        return "decoded"

    async def other_request() -> None:
        while not decoding.is_set():
            await asyncio.sleep(0.001)
        release.set()  # only reachable if the loop is free while `slow_decode` blocks

    async def run() -> str:
        result, _ = await asyncio.gather(off_loop(OFF_LOOP * 2, slow_decode), other_request())
        return result

    assert asyncio.run(run()) == "decoded"


# --- body deadlines ----------------------------------------------------------------------------------------


class _Trickle:
    """An ASGI `receive` giving `chunks` one at a time, `pause` seconds apart (forever after the last one
    when `ends` is false)."""

    def __init__(self, chunks: list[bytes], pause: float, *, ends: bool = True) -> None:
        self.chunks, self.pause, self.ends = list(chunks), pause, ends

    async def __call__(self) -> dict[str, object]:
        await asyncio.sleep(self.pause)
        if not self.chunks:
            await asyncio.sleep(3600)
        chunk = self.chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(self.chunks) or not self.ends}


def _request(receive: _Trickle) -> Request:
    return Request({"type": "http", "method": "POST", "headers": [], "path": "/"}, receive)


def test_a_slow_body_is_refused_while_others_on_the_loop_are_read() -> None:
    async def run() -> list[bytes | BaseException]:
        reads = [
            read_body(_request(_Trickle([b"a", b"b"], 0.01)), 100, 0.5),  # in time
            read_body(_request(_Trickle([b"x"], 0.01, ends=False)), 100, 0.2),  # never ends
            read_body(_request(_Trickle([b"c"], 0.3)), 100, 5.0),  # slow, within its own timeout
        ]
        return await asyncio.gather(*reads, return_exceptions=True)

    fast, stalled, slow = asyncio.run(run())
    assert fast == b"ab" and slow == b"c"
    assert isinstance(stalled, BodyRefused) and stalled.status == 408, stalled


def test_a_read_cancelled_from_outside_stays_cancelled() -> None:
    async def run() -> None:
        reading = asyncio.ensure_future(read_body(_request(_Trickle([b"x"], 10)), 100, 30))
        await asyncio.sleep(0.01)
        reading.cancel()
        await reading

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(run())


def test_a_task_that_timed_out_reads_its_next_body_normally() -> None:
    async def run() -> tuple[int, bytes]:
        try:
            await read_body(_request(_Trickle([b"x"], 0.01, ends=False)), 100, 0.05)
        except BodyRefused as refused:
            status = refused.status
        return status, await read_body(_request(_Trickle([b"next"], 0.01)), 100, 0.05)

    assert asyncio.run(run()) == (408, b"next")


# --- where the body goes -----------------------------------------------------------------------------------


def _receiving(*messages: dict[str, object], coding: bytes | None = None) -> Request:
    queue = list(messages)

    async def receive() -> dict[str, object]:
        return queue.pop(0)

    headers = [] if coding is None else [(b"content-encoding", coding)]
    return Request({"type": "http", "method": "POST", "headers": headers, "path": "/"}, receive)


def _read_coded(body: bytes, coding: bytes, limit: int = 1000) -> bytes:
    return asyncio.run(read_body(_receiving({"type": "http.request", "body": body}, coding=coding), limit, 5))


def _refused_coded(body: bytes, coding: bytes, limit: int = 1000) -> BodyRefused:
    with pytest.raises(BodyRefused) as refused:
        _read_coded(body, coding, limit)
    return refused.value


TEXT = b'{"statusMessage": {"message": {"content": "compressed"}}}'


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        (b"gzip", gzip.compress(TEXT)),
        (b"x-gzip", gzip.compress(TEXT)),
        (b"GZip", gzip.compress(TEXT)),
        (b"deflate", zlib.compress(TEXT)),
        (b"deflate", zlib.compress(TEXT, wbits=-15)),  # raw deflate, without zlib's header
        (b"identity", TEXT),
        (b"gzip, identity", gzip.compress(TEXT)),
        (b"deflate, gzip", gzip.compress(zlib.compress(TEXT))),  # undone last applied first
        (b"gzip", gzip.compress(TEXT[:20]) + gzip.compress(TEXT[20:])),  # two gzip members
        (b"gzip", gzip.compress(TEXT) + b"\0" * 8),  # zero padding after the member
    ],
    ids=["gzip", "x-gzip", "case", "zlib", "raw-deflate", "identity", "list", "two", "members", "padding"],
)
def test_a_compressed_body_is_read_decompressed(coding: bytes, body: bytes) -> None:
    assert _read_coded(body, coding) == TEXT


def test_a_coding_the_server_does_not_read_is_415_with_those_it_reads() -> None:
    refused = _refused_coded(TEXT, b"br")
    assert refused.status == 415 and "'br'" in refused.message
    assert refused.headers["Accept-Encoding"] == CODINGS == "gzip, deflate"
    assert refused.headers["Connection"] == "close"
    assert _refused_coded(gzip.compress(TEXT), b"gzip, zstd").status == 415


def test_a_compressed_body_is_not_inflated_past_the_limit() -> None:
    bomb = gzip.compress(b"0" * 50_000_000)  # 48 KB that would be 50 MB
    assert len(bomb) < 100_000
    refused = _refused_coded(bomb, b"gzip", limit=1_000_000)
    assert refused.status == 413 and "once decompressed" in refused.message
    assert _read_coded(gzip.compress(b"0" * 1000), b"gzip", limit=1000) == b"0" * 1000  # exactly the limit
    assert _refused_coded(gzip.compress(b"0" * 1001), b"gzip", limit=1000).status == 413
    # The members together, not each one, are held to the limit.
    two = gzip.compress(b"0" * 600) + gzip.compress(b"0" * 600)
    assert _refused_coded(two, b"gzip", limit=1000).status == 413


@pytest.mark.parametrize(
    ("coding", "body", "says"),
    [
        (b"gzip", TEXT, "not valid gzip data"),
        (b"deflate", TEXT, "not valid deflate data"),
        (b"gzip", gzip.compress(TEXT)[:-12], "cut off"),
        (b"gzip", gzip.compress(TEXT) + b"trailing", "not valid gzip data"),
        (b"gzip", b"", "cut off"),
    ],
    ids=["gzip-plain-text", "deflate-plain-text", "truncated", "trailing-garbage", "empty"],
)
def test_a_body_not_in_its_coding_is_a_bad_request(coding: bytes, body: bytes, says: str) -> None:
    refused = _refused_coded(body, coding)
    assert refused.status == 400 and says in refused.message, refused.message


def test_a_compressed_body_an_authenticate_hook_read_is_decompressed_and_kept_as_sent() -> None:
    sent = gzip.compress(TEXT)
    request = _receiving({"type": "http.request", "body": sent}, coding=b"gzip")

    async def run() -> tuple[bytes, bytes, bytes]:
        hook_saw = await request.body()
        return hook_saw, await read_body(request, 1000, 5), await request.body()

    assert asyncio.run(run()) == (sent, TEXT, sent)


def test_a_handler_reads_the_body_the_server_read() -> None:
    request = _receiving(
        {"type": "http.request", "body": b"<a/", "more_body": True},
        {"type": "http.request", "body": b">"},
    )

    async def run() -> tuple[bytes, bytes]:
        return await read_body(request, 100, 5), await request.body()

    assert asyncio.run(run()) == (b"<a/>", b"<a/>")


def test_a_body_an_authenticate_hook_read_is_not_read_again() -> None:
    request = _receiving({"type": "http.request", "body": b"signed"})

    async def run() -> tuple[bytes, bytes]:
        hook_saw = await request.body()  # the receive channel is now empty
        return hook_saw, await read_body(request, 100, 5)

    assert asyncio.run(run()) == (b"signed", b"signed")
    with pytest.raises(BodyRefused) as refused:
        asyncio.run(read_body(request, 3, 5))
    assert refused.value.status == 413


def test_a_client_gone_mid_body_is_a_refused_body() -> None:
    request = _receiving(
        {"type": "http.request", "body": b"<a", "more_body": True}, {"type": "http.disconnect"}
    )
    with pytest.raises(BodyRefused) as refused:
        asyncio.run(read_body(request, 100, 5))
    assert refused.value.status == 400


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    request = Request(
        {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"101")]},
        _Trickle([b"never read"], 3600),
    )
    with pytest.raises(BodyRefused) as refused:
        asyncio.run(read_body(request, 100, 5))
    assert refused.value.status == 413


def test_each_event_loop_keeps_its_own_deadlines() -> None:
    from generator.runtime._http import _deadlines

    async def current() -> object:
        return _deadlines()

    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        seen = [loop.run_until_complete(current()) for loop in (first, second, first)]
    finally:
        first.close()
        second.close()
    assert seen[0] is seen[2] and seen[0] is not seen[1]
