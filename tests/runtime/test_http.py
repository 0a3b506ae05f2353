"""The HTTP helpers both server drivers share (`_http`): a large body is decoded in a worker thread, so the
event loop goes on serving others; a small one on the loop, where a thread would cost more than it saves."""

from __future__ import annotations

import asyncio
import threading

from generator.runtime._http import OFF_LOOP, off_loop


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
