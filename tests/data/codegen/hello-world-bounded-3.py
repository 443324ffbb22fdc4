# Hello and World: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# say_hello and say_world each wait 1 s before printing: gathered, both are
# done after 1 s instead of 2.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def bounded(semaphore, job):
    async with semaphore:  # at most 3 at once: the others wait here
        return await job


async def main():
    semaphore = asyncio.Semaphore(3)
    await asyncio.gather(
        bounded(semaphore, task("say_hello", 1)),
        bounded(semaphore, task("say_world", 1)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
