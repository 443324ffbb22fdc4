# Bounded concurrency: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# Ten tasks of 1 s with asyncio.Semaphore(3): at most three in flight, the
# rest wait in a queue.

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
        *(bounded(semaphore, task(f"job {i}", 1)) for i in range(1, 11)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
