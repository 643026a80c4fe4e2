# 50 actions for timing `tokenflow run` as a whole process (BENCHMARKS.md).
login
call
advance 15m
call
refresh
call
steal refresh
attacker refresh
refresh
login
set transport http
call
attacker sniff
attacker call
forge none
forge tamper
forge wrong-key
forge audience
introspect access
race
set grace 30s
login
jump
race
set denylist on
logout
login
revoke access
call
set storage local-storage
attacker xss
attacker call
attacker refresh
refresh
set auto-refresh on
login
advance 7d
call
set alg RS256
login
call
set refresh-format stateless
login
steal refresh
logout
attacker refresh
advance 6d
attacker refresh
jump
login
