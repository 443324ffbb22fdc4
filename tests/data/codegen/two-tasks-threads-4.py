# Two tasks: less than 3 seconds: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# A 2 s task and a 3 s task, gathered: the total time is that of the longer
# one, not the sum of both.

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
            loop.run_in_executor(pool, task, "long_running_task_1", 2),
            loop.run_in_executor(pool, task, "long_running_task_2", 3),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
