# Three tasks: A, B and C: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# Tasks A, B and C wait 2 s, 1 s and 3 s. One after another they take 6 s;
# with asyncio.gather they take as long as the longest, 3 s, and B finishes
# first.

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
        bounded(semaphore, task("Task A", 2)),
        bounded(semaphore, task("Task B", 1)),
        bounded(semaphore, task("Task C", 3)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
