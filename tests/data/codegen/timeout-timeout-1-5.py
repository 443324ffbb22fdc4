# Timeouts: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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


async def with_deadline(job, seconds):
    try:
        return await asyncio.wait_for(job, timeout=seconds)
    except asyncio.TimeoutError:
        print("cancelled: past the deadline")
        return None


async def main():
    await asyncio.gather(
        with_deadline(task("quick", 0.5), 1.5),
        with_deadline(task("on time", 1.2), 1.5),
        with_deadline(task("too slow", 2), 1.5),
        with_deadline(task("much too slow", 3), 1.5),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
