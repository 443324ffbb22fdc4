# Reading files: timeout(1.5)
# all at once; tasks still running at the deadline are cancelled
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


async def with_deadline(job, seconds):
    try:
        return await asyncio.wait_for(job, timeout=seconds)
    except asyncio.TimeoutError:
        print("cancelled: past the deadline")
        return None


async def main():
    await asyncio.gather(
        *(with_deadline(read_file(f"read file {i}", temp_file(32 * MiB), 1 * MiB), 1.5) for i in range(1, 5)),
        with_deadline(write_file("write file", 16 * MiB, 1 * MiB), 1.5),
    )


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main())
    print(f"Total execution time: {time.perf_counter() - start:.2f} seconds")
