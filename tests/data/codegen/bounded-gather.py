# Bounded concurrency: gather
# all at once, like asyncio.gather: the run ends with the last task
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


async def main():
    await asyncio.gather(
        *(task(f"job {i}", 1) for i in range(1, 11)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
