# Three tasks, A, B and C, that take 2, 1 and 3 seconds, run concurrently
# with asyncio.gather(): all done after about 3 seconds, not 6.
import asyncio


async def task(name, delay):
    print(f"Starting task {name}")
    await asyncio.sleep(delay)
    print(f"Task {name} completed")


async def main():
    await asyncio.gather(
        task("A", 2),
        task("B", 1),
        task("C", 3)
    )

asyncio.run(main())
