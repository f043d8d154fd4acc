#!/usr/bin/env python3
"""A reverse proxy that answers every request no sooner than DELAY_MS after it arrived, so a
crawler's speed is bounded by how many requests it keeps in flight, as on the real web.

Listens on each ADDR:LISTEN_PORT and forwards to the same ADDR:UPSTREAM_PORT (HTTP/1.1,
keep-alive, GET only). Records the most requests in flight per listening address, and how many
were in flight on average from its first request to its last answer, and writes them as
"addr max average" lines to STATS_FILE on SIGTERM.

usage: delayproxy.py DELAY_MS LISTEN_PORT UPSTREAM_PORT STATS_FILE ADDR...
"""
import asyncio
import signal
import sys

delay = int(sys.argv[1]) / 1000
listen_port, upstream_port, stats_file = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
addrs = sys.argv[5:]
in_flight = {a: 0 for a in addrs}
peak = {a: 0 for a in addrs}
# Per address: request-seconds in flight so far, when in_flight last changed, the first request.
area = {a: 0.0 for a in addrs}
changed = {a: None for a in addrs}
first = {a: None for a in addrs}


def count(addr, step):
    """Requests in flight at addr change by step (1 or -1) now."""
    now = asyncio.get_running_loop().time()
    if changed[addr] is not None:
        area[addr] += in_flight[addr] * (now - changed[addr])
    if first[addr] is None:
        first[addr] = now
    changed[addr] = now
    in_flight[addr] += step


def average(addr):
    """Requests in flight at addr on average, from its first request to its last change."""
    span = (changed[addr] or 0) - (first[addr] or 0)
    return area[addr] / span if span > 0 else 0


async def read_response(reader):
    """One upstream response, head and body; nginx serving static files sends Content-Length."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return head + (await reader.readexactly(length) if length else b"")


async def serve(addr, client_reader, client_writer):
    up_reader, up_writer = await asyncio.open_connection(addr, upstream_port)
    try:
        while True:
            try:
                request = await client_reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            arrived = asyncio.get_running_loop().time()
            count(addr, 1)
            peak[addr] = max(peak[addr], in_flight[addr])
            try:
                up_writer.write(request)
                response = await read_response(up_reader)
                wait = arrived + delay - asyncio.get_running_loop().time()
                if wait > 0:
                    await asyncio.sleep(wait)
                client_writer.write(response)
                await client_writer.drain()
            finally:
                count(addr, -1)
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        up_writer.close()
        client_writer.close()


async def main():
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    servers = [
        await asyncio.start_server(lambda r, w, a=a: serve(a, r, w), a, listen_port, backlog=512)
        for a in addrs
    ]
    await stop.wait()
    for server in servers:
        server.close()
    with open(stats_file, "w") as f:
        f.writelines(f"{a} {peak[a]} {average(a):.1f}\n" for a in addrs)


asyncio.run(main())
