"""The key pair that signs access tokens, and its public half as a JWK.

Access tokens are signed with Ed25519 (JWS algorithm `EdDSA`): only this
service holds the private key, and every other service verifies tokens with
the public key it fetches from `/.well-known/jwks.json`, so none of them can
mint one. An Ed25519 private key is nothing but 32 random bytes, which is why
`JWT_PRIVATE_KEY` is those bytes in hex, the same shape as any other secret.

The key id (`kid`) is the key's RFC 7638 thumbprint: it follows the key by
construction, so a rotated key can never be published under a stale id.
"""

import base64
import hashlib
import json
from typing import Self

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALGORITHM = "EdDSA"
KEY_BYTES = 32


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class SigningKey:
    """An Ed25519 private key with the id and the JWK that publish its public half."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self.private_key = private_key
        self.public_key: Ed25519PublicKey = private_key.public_key()
        self._x = _base64url(self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw))
        # RFC 7638: the required members only, sorted, without whitespace.
        members = json.dumps(
            {"crv": "Ed25519", "kty": "OKP", "x": self._x}, separators=(",", ":"), sort_keys=True
        )
        self.kid = _base64url(hashlib.sha256(members.encode("ascii")).digest())

    @classmethod
    def from_hex(cls, value: str) -> Self:
        """The key whose 32 private bytes `value` spells in hex (64 characters)."""
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            raw = b""
        if len(raw) != KEY_BYTES:
            raise ValueError(f"must be {KEY_BYTES} bytes in hex ({2 * KEY_BYTES} characters)")
        return cls(Ed25519PrivateKey.from_private_bytes(raw))

    def public_jwk(self) -> dict[str, str]:
        """The public key as a JWK (RFC 8037), ready for a JWK set."""
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": self._x,
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
        }
