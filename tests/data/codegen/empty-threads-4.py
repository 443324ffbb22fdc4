# Nothing: threads(4)
# blocking work on a pool of n threads, beside the main loop

import asyncio
import concurrent.futures
import time


async def main():
    pass  # no tasks


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
