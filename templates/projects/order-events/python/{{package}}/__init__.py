"""An event-driven order pipeline: an API, a relay and consumer groups on Redis Streams."""
