# Two tasks: less than 3 seconds: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# A 2 s task and a 3 s task, gathered: the total time is that of the longer
# one, not the sum of both.

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
        bounded(semaphore, task("long_running_task_1", 2)),
        bounded(semaphore, task("long_running_task_2", 3)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
