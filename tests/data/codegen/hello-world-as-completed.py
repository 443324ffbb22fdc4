# Hello and World: as-completed
# all at once, results numbered in completion order
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


async def main():
    jobs = [
        task("say_hello", 1),
        task("say_world", 1),
    ]
    for n, job in enumerate(asyncio.as_completed(jobs), start=1):
        name = await job  # in the order they finish
        print(f"{n}. {name}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
