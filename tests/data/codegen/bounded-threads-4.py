# Bounded concurrency: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# Ten tasks of 1 s with asyncio.Semaphore(3): at most three in flight, the
# rest wait in a queue.

import asyncio
import concurrent.futures
import time


def task(name, delay):
    print(f"{name} started")
    time.sleep(delay)  # blocks this worker thread, not the loop
    print(f"{name} finished")
    return name


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        await asyncio.gather(
            *(loop.run_in_executor(pool, task, f"job {i}", 1) for i in range(1, 11)),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
