# Timeouts: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# asyncio.wait_for with a deadline of 1.5 s: the tasks still running then are
# cancelled and marked timed out.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def bounded(semaphore, job):
    async with semaphore:  # at most 3 at once: the others wait here
        return await job


async def main():
    semaphore = asyncio.Semaphore(3)
    await asyncio.gather(
        bounded(semaphore, task("quick", 0.5)),
        bounded(semaphore, task("on time", 1.2)),
        bounded(semaphore, task("too slow", 2)),
        bounded(semaphore, task("much too slow", 3)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
