# Three tasks: A, B and C: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# Tasks A, B and C wait 2 s, 1 s and 3 s. One after another they take 6 s;
# with asyncio.gather they take as long as the longest, 3 s, and B finishes
# first.

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
            loop.run_in_executor(pool, task, "Task A", 2),
            loop.run_in_executor(pool, task, "Task B", 1),
            loop.run_in_executor(pool, task, "Task C", 3),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
