# Nothing: gather
# all at once, like asyncio.gather: the run ends with the last task

import asyncio
import time


async def main():
    pass  # no tasks


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
