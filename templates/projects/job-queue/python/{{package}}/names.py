"""The rules for queue and job type names, shared by the API and the worker."""

import re

MAX_NAME_LENGTH = 64
NAME_PATTERN = r"^[A-Za-z0-9_.-]+$"
# A queue name is also a path segment, and clients resolve the segments "." and
# ".." before sending (/queues/../jobs becomes /jobs): at least one character
# must not be a dot.
QUEUE_PATTERN = r"^[A-Za-z0-9_.-]*[A-Za-z0-9_-][A-Za-z0-9_.-]*$"
QUEUE_RULE = "1 to 64 characters of A-Z, a-z, 0-9, _, . and -, not only dots"


def is_queue_name(value: str) -> bool:
    return len(value) <= MAX_NAME_LENGTH and re.fullmatch(QUEUE_PATTERN, value) is not None
