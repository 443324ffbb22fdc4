# Mixed I/O: threads(4)
# blocking work on a pool of n threads, beside the main loop
#
# A timer, two downloads, a file read and a subprocess side by side on one
# main loop.

import asyncio
import concurrent.futures
import subprocess
import tempfile
import time
import urllib.request

KiB = 1024
MiB = 1024 * KiB

DEMO = "http://127.0.0.1:8080"  # Overlap's demo server: overlap --serve --port 8080


def timer(name, delay):
    print(f"{name} started")
    time.sleep(delay)  # blocks this worker thread, not the loop
    print(f"{name} finished")
    return name


def fetch(name, url):
    print(f"{name} started")
    size = 0
    with urllib.request.urlopen(url) as response:
        while chunk := response.read(64 * KiB):
            size += len(chunk)
    print(f"{name} finished: {size} bytes")
    return name


def temp_file(size):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.truncate(size)
        return f.name


def read_chunks(path, chunk_size):
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(chunk_size):
            size += len(chunk)
    return size


def read_file(name, path, chunk_size):
    print(f"{name} started")
    size = read_chunks(path, chunk_size)
    print(f"{name} finished: {size} bytes")
    return name


def run(name, *argv):
    print(f"{name} started")
    returncode = subprocess.run(argv).returncode
    print(f"{name} finished: exit status {returncode}")
    return name


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        await asyncio.gather(
            loop.run_in_executor(pool, timer, "sleep", 1),
            loop.run_in_executor(pool, fetch, "download 1", DEMO + "/data?size=524288&delay=100ms&bandwidth=1048576"),
            loop.run_in_executor(pool, fetch, "download 2", DEMO + "/data?size=524288&delay=100ms&bandwidth=1048576"),
            loop.run_in_executor(pool, read_file, "read file", temp_file(64 * MiB), 1 * MiB),
            loop.run_in_executor(pool, run, "subprocess", "sleep", "0.8"),
        )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
