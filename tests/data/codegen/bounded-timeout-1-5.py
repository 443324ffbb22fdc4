# Bounded concurrency: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
#
# Ten tasks of 1 s with asyncio.Semaphore(3): at most three in flight, the
# rest wait in a queue.

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
        *(with_deadline(task(f"job {i}", 1), 1.5) for i in range(1, 11)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
