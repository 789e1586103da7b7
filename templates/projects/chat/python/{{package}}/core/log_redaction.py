"""Keeping WebSocket tokens out of the server's logs.

Browsers cannot set an Authorization header on a WebSocket, so clients pass
their token in the query string of `/ws`, and uvicorn writes the path with
its query string into its access and connection logs. Anyone who can read
those logs could then sign in as the user; this filter blanks the token.
"""

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

# The loggers uvicorn writes request and connection lines to.
SERVER_LOGGERS = ("uvicorn.access", "uvicorn.error")

_TOKEN = re.compile(r"([?&]token=)[^&\s\"]*")


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # The arguments, not the message: uvicorn's access formatter reads them by position.
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKEN.sub(r"\1[redacted]", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _TOKEN.sub(r"\1[redacted]", record.msg)
        return True


@contextmanager
def redact_tokens_in_server_logs() -> Iterator[None]:
    """Install the filter for as long as the app runs (uvicorn configures its loggers first)."""
    redact = RedactTokens()
    loggers = [logging.getLogger(name) for name in SERVER_LOGGERS]
    for server_logger in loggers:
        server_logger.addFilter(redact)
    try:
        yield
    finally:
        for server_logger in loggers:
            server_logger.removeFilter(redact)
