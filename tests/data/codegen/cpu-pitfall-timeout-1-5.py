# The CPU-bound pitfall: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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


async def with_deadline(job, seconds):
    try:
        return await asyncio.wait_for(job, timeout=seconds)
    except asyncio.TimeoutError:
        print("cancelled: past the deadline")
        return None


async def main():
    await asyncio.gather(
        with_deadline(compute("compute 1", 1), 1.5),
        with_deadline(compute("compute 2", 1), 1.5),
        with_deadline(timer("timer 0.5 s", 0.5), 1.5),
        with_deadline(timer("timer 1 s", 1), 1.5),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
