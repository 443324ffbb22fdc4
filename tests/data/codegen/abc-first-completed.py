# Three tasks: A, B and C: first-completed
# all at once; the first to finish wins and the rest are cancelled
#
# Tasks A, B and C wait 2 s, 1 s and 3 s. One after another they take 6 s;
# with asyncio.gather they take as long as the longest, 3 s, and B finishes
# first.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def main():
    jobs = [
        asyncio.create_task(task("Task A", 2)),
        asyncio.create_task(task("Task B", 1)),
        asyncio.create_task(task("Task C", 3)),
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
