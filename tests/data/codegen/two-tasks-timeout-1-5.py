# Two tasks: less than 3 seconds: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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


async def with_deadline(job, seconds):
    try:
        return await asyncio.wait_for(job, timeout=seconds)
    except asyncio.TimeoutError:
        print("cancelled: past the deadline")
        return None


async def main():
    await asyncio.gather(
        with_deadline(task("long_running_task_1", 2), 1.5),
        with_deadline(task("long_running_task_2", 3), 1.5),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
