# Hello and World: gather
# all at once, like asyncio.gather: the run ends with the last task
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
    await asyncio.gather(
        task("say_hello", 1),
        task("say_world", 1),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
