"""Slugs: an article's title as lower-case ASCII words joined by `-`.

Accents are taken off (É is e, ü is u), a few letters that do not decompose
are spelled out (ß is ss), and anything else separates words. The first
article of a title gets the plain slug; a later one gets six random
characters after it, and the unique constraint decides which is which.
"""

import secrets
import unicodedata

# The longest slug made from a title, before any suffix: long enough to read,
# short enough for a URL.
MAX_BASE = 60

# Letters that do not decompose into an ASCII letter and a mark, written as
# their languages write them in ASCII.
SPELLED = {
    "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
    "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "\u0131": "i",
}  # fmt: skip

# Slugs a route already has: GET /api/articles/feed is the feed.
RESERVED = frozenset({"feed"})

SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def slugify(title: str) -> str:
    """The title's slug; a title without a single such word is `article`."""
    words: list[str] = []
    word: list[str] = []
    for char in unicodedata.normalize("NFKD", title):
        if char.isascii() and char.isalnum():
            word.append(char.lower())
        elif unicodedata.category(char) == "Mn":
            # A combining mark that decomposition split off its letter.
            continue
        elif char in SPELLED:
            word.append(SPELLED[char])
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    slug = ""
    for each in words:
        if slug and len(slug) + 1 + len(each) > MAX_BASE:
            break
        slug = f"{slug}-{each}" if slug else each
    return slug[:MAX_BASE] or "article"


def with_suffix(base: str) -> str:
    """`base` and a random six-character suffix, for when another article has `base`."""
    return f"{base}-{''.join(secrets.choice(SUFFIX_ALPHABET) for _ in range(6))}"


def candidates(title: str, attempts: int = 5) -> list[str]:
    """The slugs to try in turn: the plain one first (unless a route has it), then suffixed ones.

    With six random characters a clash after the first is a one in two billion chance.
    """
    base = slugify(title)
    first = with_suffix(base) if base in RESERVED else base
    return [first, *(with_suffix(base) for _ in range(attempts - 1))]
