# Task B finishes first: sequential
# one after another: each task starts when the previous one ends
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
    await task("Task A", 2)
    await task("Task B", 1)


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
