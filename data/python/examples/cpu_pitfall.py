# The CPU-bound pitfall: async does not make CPU work faster. Two 1 s
# computations on the event loop hold it, one after the other (2 s, not 1),
# and the timers beside them fire late; the loop-lag lane shows the stalls,
# each said to be its task's. (Overlap's own scenario "cpu-pitfall" shows the
# same, and beside it the computations in threads, which leave the loop free.)
import asyncio
import hashlib
import time


def compute(seconds):
    end = time.perf_counter() + seconds
    digest = b""
    while time.perf_counter() < end:
        digest = hashlib.sha256(digest).digest()
    return digest


async def crunch(name, seconds):
    await asyncio.sleep(0)
    compute(seconds)
    print(f"{name} computed")


async def timer(name, delay):
    start = time.perf_counter()
    await asyncio.sleep(delay)
    print(f"{name} fired after {time.perf_counter() - start:.2f} s")


async def main():
    await asyncio.gather(
        crunch("compute 1", 1),
        crunch("compute 2", 1),
        timer("timer 0.5 s", 0.5),
        timer("timer 1 s", 1),
    )

asyncio.run(main())
