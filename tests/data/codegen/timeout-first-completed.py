# Timeouts: first-completed
# all at once; the first to finish wins and the rest are cancelled
#
# asyncio.wait_for with a deadline of 1.5 s: the tasks still running then are
# cancelled and marked timed out.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def main():
    jobs = [
        asyncio.create_task(task("quick", 0.5)),
        asyncio.create_task(task("on time", 1.2)),
        asyncio.create_task(task("too slow", 2)),
        asyncio.create_task(task("much too slow", 3)),
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
