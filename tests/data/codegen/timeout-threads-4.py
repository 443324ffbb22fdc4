# Timeouts: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# asyncio.wait_for with a deadline of 1.5 s: the tasks still running then are
# cancelled and marked timed out.

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
            loop.run_in_executor(pool, task, "quick", 0.5),
            loop.run_in_executor(pool, task, "on time", 1.2),
            loop.run_in_executor(pool, task, "too slow", 2),
            loop.run_in_executor(pool, task, "much too slow", 3),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
