# Nothing: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue

import asyncio
import time


async def bounded(semaphore, job):
    async with semaphore:  # at most 3 at once: the others wait here
        return await job


async def main():
    pass  # no tasks


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
