# Reading files: bounded(3)
# at most n in flight, like asyncio.Semaphore(n): the rest wait in a queue
#
# Four files of 32 MiB read with GIO in 1 MiB chunks, and one of 16 MiB
# written: per-file bars with a tick per chunk.

import asyncio
import tempfile
import time

KiB = 1024
MiB = 1024 * KiB


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


async def read_file(name, path, chunk_size):
    print(f"{name} started")
    # asyncio has no file API: the reads go to a worker thread, as GIO's do
    size = await asyncio.to_thread(read_chunks, path, chunk_size)
    print(f"{name} finished: {size} bytes")
    return name


def write_chunks(path, size, chunk_size):
    with open(path, "wb") as f:
        for offset in range(0, size, chunk_size):
            f.write(bytes(min(chunk_size, size - offset)))


async def write_file(name, size, chunk_size):
    print(f"{name} started")
    await asyncio.to_thread(write_chunks, temp_file(0), size, chunk_size)
    print(f"{name} finished")
    return name


async def bounded(semaphore, job):
    async with semaphore:  # at most 3 at once: the others wait here
        return await job


async def main():
    semaphore = asyncio.Semaphore(3)
    await asyncio.gather(
        *(bounded(semaphore, read_file(f"read file {i}", temp_file(32 * MiB), 1 * MiB)) for i in range(1, 5)),
        bounded(semaphore, write_file("write file", 16 * MiB, 1 * MiB)),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
