# The CPU-bound pitfall: first-completed
# all at once; the first to finish wins and the rest are cancelled
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


async def main():
    jobs = [
        asyncio.create_task(compute("compute 1", 1)),
        asyncio.create_task(compute("compute 2", 1)),
        asyncio.create_task(timer("timer 0.5 s", 0.5)),
        asyncio.create_task(timer("timer 1 s", 1)),
    ]
    done, pending = await asyncio.wait(jobs, return_when=asyncio.FIRST_COMPLETED)
    for job in pending:
        job.cancel()  # the first one wins: the rest are cancelled
    await asyncio.gather(*pending, return_exceptions=True)
    print(f"first: {done.pop().result()}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
