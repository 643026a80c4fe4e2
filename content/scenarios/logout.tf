# The attacker has copied both of alice's tokens. Then alice logs out.
login
steal access
steal refresh
logout
# Logging out revoked her refresh token, and with it the whole login.
attacker refresh
expect status 400
# The copied access token is a JWT: an API that checks it by itself takes it until exp.
attacker call
expect status 200
advance 20m
attacker call
