# Hello and World: first-completed
# all at once; the first to finish wins and the rest are cancelled
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
        asyncio.create_task(task("say_hello", 1)),
        asyncio.create_task(task("say_world", 1)),
    ]
    done, pending = await asyncio.wait(jobs, return_when=asyncio.FIRST_COMPLETED)
    for job in pending:
        job.cancel()  # the first one wins: the rest are cancelled
    await asyncio.gather(*pending, return_exceptions=True)
    print(f"first: {done.pop().result()}")


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
