# Three tasks: A, B and C: as-completed
# all at once, results numbered in completion order
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


async def main():
    jobs = [
        task("Task A", 2),
        task("Task B", 1),
        task("Task C", 3),
    ]
    for n, job in enumerate(asyncio.as_completed(jobs), start=1):
        name = await job  # in the order they finish
        print(f"{n}. {name}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
