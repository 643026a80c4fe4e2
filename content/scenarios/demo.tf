# The life of a login, and a theft that refresh-token rotation catches. Every arrow is a real HTTP exchange; the clock is simulated.

# Alice logs in to her app: the authorization-code flow with PKCE, four exchanges with the issuer.
login
expect event login

# The app calls the API with its access token: a signed JWT, valid for 15 minutes.
call
expect status 200

# Nobody waits 15 minutes on stage: jump the simulated clock to the access token's expiry.
jump
expect event token-expired

# The same call now fails with 401 invalid_token. The API checked exp itself; it did not ask the issuer.
call
expect status 401
expect error invalid_token

# The refresh token buys a new access token, no password needed. Rotation replaces the refresh token too.
refresh
expect event rotated
call
expect status 200

# Enter the attacker, with a copy of the refresh token from a leaked log file.
steal refresh
expect event stolen

# The thief redeems it first and mints an access token of its own, which the API accepts.
attacker refresh
expect status 200
attacker call
expect status 200

# Alice's app refreshes with the token it holds, which was already used: the issuer sees the reuse.
refresh
expect error invalid_grant
expect event reuse-detected
expect event family-revoked

# Reuse detection revoked the whole family, so the thief's refresh token is dead too.
attacker refresh
expect error invalid_grant

# But its access token still works: this API checks JWTs by itself and never hears of the revocation, so the token lives until exp.
attacker call
expect status 200

# Short access-token lifetimes bound the damage: fifteen minutes later the thief has nothing left.
jump
attacker call
expect status 401
