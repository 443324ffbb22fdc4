# The CPU-bound pitfall: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# Async does not make CPU work faster. Two 1 s computations on the main loop
# block it: the timers beside them wait, and the loop-lag lane shows the
# stall. In threads, the loop keeps going.

import asyncio
import time


async def timer(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


def busy(seconds):
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:  # pure computation: nothing to await
        n += 1
    return n


async def compute(name, seconds):
    print(f"{name} started")
    busy(seconds)  # blocks the event loop: no other task runs meanwhile
    print(f"{name} finished")
    return name


async def bounded(semaphore, job):
    async with semaphore:  # at most 3 at once: the others wait here
        return await job


async def main():
    semaphore = asyncio.Semaphore(3)
    await asyncio.gather(
        bounded(semaphore, compute("compute 1", 1)),
        bounded(semaphore, compute("compute 2", 1)),
        bounded(semaphore, timer("timer 0.5 s", 0.5)),
        bounded(semaphore, timer("timer 1 s", 1)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
