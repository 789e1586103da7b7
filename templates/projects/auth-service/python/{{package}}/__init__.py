"""An authentication service: short-lived JWTs verified through JWKS, rotating refresh tokens, roles."""
