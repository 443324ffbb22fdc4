# The same tasks awaited one by one (about 3 seconds: 2 + 1), then gathered
# (about 2 seconds: the longest). Task B finishes first while Task A is still
# waiting.
import asyncio
import time


async def task(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")


async def sequential():
    await task("Task A", 2)
    await task("Task B", 1)


async def concurrent():
    await asyncio.gather(
        task("Task A", 2),
        task("Task B", 1),
    )


async def main():
    start = time.perf_counter()
    await sequential()
    print(f"One by one: {time.perf_counter() - start:.1f} seconds")
    start = time.perf_counter()
    await concurrent()
    print(f"Gathered: {time.perf_counter() - start:.1f} seconds")

asyncio.run(main())
