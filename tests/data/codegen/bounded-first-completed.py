# Bounded concurrency: first-completed
# all at once; the first to finish wins and the rest are cancelled
#
# Ten tasks of 1 s with asyncio.Semaphore(3): at most three in flight, the
# rest wait in a queue.

import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return name


async def main():
    jobs = [
        *(asyncio.create_task(task(f"job {i}", 1)) for i in range(1, 11)),
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
