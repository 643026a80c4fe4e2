# The attacker copies alice's refresh token; then alice shuts her laptop for the night.
login
steal refresh
advance 9h
# While she is away, the thief redeems its copy and uses the API.
attacker refresh
attacker call
# In the morning alice's app refreshes with the token it has held all night.
advance 50m
refresh
# The issuer sees a rotated-out token come back and cannot tell who is the thief.
expect status 400
attacker refresh
