"""Current weather and forecasts from Open-Meteo behind a cache: TTL, single flight, stale-if-error."""
