# Task B finishes first: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
