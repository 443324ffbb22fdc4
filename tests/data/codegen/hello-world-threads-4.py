# Hello and World: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# say_hello and say_world each wait 1 s before printing: gathered, both are
# done after 1 s instead of 2.

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
            loop.run_in_executor(pool, task, "say_hello", 1),
            loop.run_in_executor(pool, task, "say_world", 1),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
