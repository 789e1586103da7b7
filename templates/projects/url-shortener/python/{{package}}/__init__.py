"""A URL shortener: short links with random codes or aliases, 302 redirects that count visits."""
