# Two tasks: less than 3 seconds: sequential
# one after another: each task starts when the previous one ends
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


async def main():
    await task("long_running_task_1", 2)
    await task("long_running_task_2", 3)


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
