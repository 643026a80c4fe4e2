# A design found in many tutorials: JWT refresh tokens under a second secret, no rotation, no server state.
set refresh-format stateless
login
steal refresh
logout
# Logging out reached the issuer, but there was nothing to revoke.
expect event revoke-noop
advance 6d
attacker refresh
expect status 200
attacker call
expect status 200
