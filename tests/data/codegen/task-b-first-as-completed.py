# Task B finishes first: as-completed
# all at once, results numbered in completion order
#
# Task A waits 2 s and Task B 1 s. Started together, B finishes while A is
# still waiting; results arrive in completion order.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def main():
    jobs = [
        task("Task A", 2),
        task("Task B", 1),
    ]
    for n, job in enumerate(asyncio.as_completed(jobs), start=1):
        name = await job  # in the order they finish
        print(f"{n}. {name}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
