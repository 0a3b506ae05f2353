"""The HTTP helpers both server drivers share (`_http`): a large body is decoded in a worker thread, so the
event loop goes on serving others; a small one on the loop, where a thread would cost more than it saves.
A body that does not arrive in time is refused (408), each read against its own deadline."""

from __future__ import annotations

import asyncio
import threading

import pytest
from starlette.requests import Request

from generator.runtime._http import OFF_LOOP, BodyRefused, off_loop, read_body


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


def _receiving(*messages: dict[str, object]) -> Request:
    queue = list(messages)

    async def receive() -> dict[str, object]:
        return queue.pop(0)

    return Request({"type": "http", "method": "POST", "headers": [], "path": "/"}, receive)


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
