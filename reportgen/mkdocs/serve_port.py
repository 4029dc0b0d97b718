"""Is the preview's port free? Asked before the first build, so that a taken port is one line that
names a free one, rather than a traceback after the whole site was built (MkDocs binds its server
only once the first build is done)."""

from __future__ import annotations

import contextlib
import ipaddress
import socket

TRIES = 50  # how far past a taken port a free one is looked for


def _family(host: str) -> socket.AddressFamily:
    with contextlib.suppress(ValueError):
        if isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address):
            return socket.AF_INET6
    return socket.AF_INET


def port_taken(host: str, port: int) -> bool:
    """Whether a server could not listen on host:port now (another one listens there)."""
    try:
        # SO_REUSEADDR, as MkDocs's server sets it: a port left in TIME_WAIT counts as free.
        with socket.create_server((host, port), family=_family(host)):
            return False
    except OSError:
        return True


def free_port_after(host: str, port: int) -> int | None:
    """The first free port after `port`, if one of the next few is."""
    return next((p for p in range(port + 1, min(port + 1 + TRIES, 65536)) if not port_taken(host, p)), None)


def taken_line(host: str, port: int, retry: str) -> str:
    """One line that says the port is taken and how to serve on a free one; `retry` is the command
    with a `{port}` placeholder (`mkdocs serve -a 127.0.0.1:{port}`)."""
    free = free_port_after(host, port)
    hint = f"try {retry.format(port=free)}" if free is not None else "stop the server that listens there"
    return f"port {port} on {host} is taken (another server listens there); {hint}"
