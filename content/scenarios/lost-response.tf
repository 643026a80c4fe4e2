# A refresh succeeds at the issuer, but its answer is lost on the way back: a train goes into a tunnel.
login
advance 14m
refresh lost
# The app still holds the refresh token it sent, which the issuer counts as used. It tries again at once.
refresh
# With no grace period the retry looks like a replay, and alice's login is revoked.
expect status 400
# A few minutes later the app calls the API with the access token it still holds.
advance 5m
call
