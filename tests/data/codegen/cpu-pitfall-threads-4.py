# The CPU-bound pitfall: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# Async does not make CPU work faster. Two 1 s computations on the main loop
# block it: the timers beside them wait, and the loop-lag lane shows the
# stall. In threads, the loop keeps going.

import asyncio
import concurrent.futures
import time


def timer(name, delay):
    print(f"{name} started")
    time.sleep(delay)  # blocks this worker thread, not the loop
    print(f"{name} finished")
    return name


def busy(seconds):
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:  # pure computation: nothing to await
        n += 1
    return n


def compute(name, seconds):
    print(f"{name} started")
    busy(seconds)  # pure Python holds the GIL: threads take turns
    print(f"{name} finished")
    return name


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        await asyncio.gather(
            loop.run_in_executor(pool, compute, "compute 1", 1),
            loop.run_in_executor(pool, compute, "compute 2", 1),
            loop.run_in_executor(pool, timer, "timer 0.5 s", 0.5),
            loop.run_in_executor(pool, timer, "timer 1 s", 1),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
