# Alice has the app open in two tabs that share one token store.
login
jump
# The access token has expired: both tabs refresh with the same refresh token at the same instant.
race
# One tab wins; to the issuer the other looks exactly like a replay.
expect cause reuse-race
refresh
