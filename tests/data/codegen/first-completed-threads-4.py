# First completed wins: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# asyncio.wait(return_when=FIRST_COMPLETED): three mirrors are asked for the
# same file; the first answer wins and the others are cancelled.

import asyncio
import concurrent.futures
import time
import urllib.request

KiB = 1024
MiB = 1024 * KiB

DEMO = "http://127.0.0.1:8080"  # Overlap's demo server: overlap --serve --port 8080


def fetch(name, url):
    print(f"{name} started")
    size = 0
    with urllib.request.urlopen(url) as response:
        while chunk := response.read(64 * KiB):
            size += len(chunk)
    print(f"{name} finished: {size} bytes")
    return name


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        await asyncio.gather(
            loop.run_in_executor(pool, fetch, "mirror 1 (slow)", DEMO + "/data?size=262144&delay=900ms"),
            loop.run_in_executor(pool, fetch, "mirror 2 (fast)", DEMO + "/data?size=262144&delay=300ms"),
            loop.run_in_executor(pool, fetch, "mirror 3", DEMO + "/data?size=262144&delay=600ms"),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
