# Downloads at limited bandwidth: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# Four downloads of 256 KiB at 512 KiB/s each, streamed in chunks: a tick per
# chunk received.

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
            *(loop.run_in_executor(pool, fetch, f"download {i}", DEMO + "/data?size=262144&delay=50ms&bandwidth=524288") for i in range(1, 5)),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
