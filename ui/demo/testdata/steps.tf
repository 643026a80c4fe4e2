# Opening caption,
# on two lines.

# Log in and call.
login
expect status 200
call
expect status 401
# The clock jumps.
jump
