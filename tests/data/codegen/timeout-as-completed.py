# Timeouts: as-completed
# all at once, results numbered in completion order
#
# asyncio.wait_for with a deadline of 1.5 s: the tasks still running then are
# cancelled and marked timed out.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def main():
    jobs = [
        task("quick", 0.5),
        task("on time", 1.2),
        task("too slow", 2),
        task("much too slow", 3),
    ]
    for n, job in enumerate(asyncio.as_completed(jobs), start=1):
        name = await job  # in the order they finish
        print(f"{n}. {name}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
