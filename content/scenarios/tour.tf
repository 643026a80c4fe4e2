# A whole login, told by the issuer: log in, expire, refresh, theft, reuse.
login
call
expect status 200

# Fifteen minutes later the wristband is dead (RFC 6750 §3.1).
advance 15m
call
expect status 401
expect error invalid_token

# The VIP pass gets a new wristband, and a new VIP pass (rotation).
refresh
expect event rotated
call
expect status 200

# A thief copies the refresh token and uses it first.
steal refresh
attacker refresh
expect status 200

# The real app refreshes with the same, now rotated-out, token: reuse.
refresh
expect error invalid_grant
expect event reuse-detected
expect event family-revoked

# The thief is locked out too (RFC 9700 §4.14.2).
attacker refresh
expect error invalid_grant
