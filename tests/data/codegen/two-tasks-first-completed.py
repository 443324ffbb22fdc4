# Two tasks: less than 3 seconds: first-completed
# all at once; the first to finish wins and the rest are cancelled
#
# A 2 s task and a 3 s task, gathered: the total time is that of the longer
# one, not the sum of both.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def main():
    jobs = [
        asyncio.create_task(task("long_running_task_1", 2)),
        asyncio.create_task(task("long_running_task_2", 3)),
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
