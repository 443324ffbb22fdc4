# Task B finishes first: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# Task A waits 2 s and Task B 1 s. Started together, B finishes while A is
# still waiting; results arrive in completion order.

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
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
