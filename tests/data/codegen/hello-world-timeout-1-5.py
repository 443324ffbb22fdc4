# Hello and World: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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


async def with_deadline(job, seconds):
    try:
        return await asyncio.wait_for(job, timeout=seconds)
    except asyncio.TimeoutError:
        print("cancelled: past the deadline")
        return None


async def main():
    await asyncio.gather(
        with_deadline(task("say_hello", 1), 1.5),
        with_deadline(task("say_world", 1), 1.5),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
