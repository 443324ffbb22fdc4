# Three tasks: A, B and C: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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


async def with_deadline(job, seconds):
    try:
        return await asyncio.wait_for(job, timeout=seconds)
    except asyncio.TimeoutError:
        print("cancelled: past the deadline")
        return None


async def main():
    await asyncio.gather(
        with_deadline(task("Task A", 2), 1.5),
        with_deadline(task("Task B", 1), 1.5),
        with_deadline(task("Task C", 3), 1.5),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
