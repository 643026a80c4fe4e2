package script_test

import (
	"errors"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
)

// TestOpenIDConnectContractLines runs the script lines other checks rely
// on (DESIGN.md's script contract): call id-token, attacker silent,
// logout everywhere, and the issuer-session-idle and issuer-session-max
// settings, each checked by what it must cause.
func TestOpenIDConnectContractLines(t *testing.T) {
	const src = `
set issuer-session-idle 5m
set issuer-session-max 1h
login
expect event session-started
expect cause login

# The confused app: its ID token is no access token.
call id-token
expect status 401
expect error invalid_token
expect cause id-token-as-access

# An app-only logout leaves the issuer's session: no password next time.
logout
login
expect event session-used
expect cause login-sso

# Injected script's own silent flow takes fresh tokens of its own.
attacker silent
expect event stolen
expect cause silent-stolen
attacker call
expect status 200

# Logging out everywhere ends the session and the logins it started.
logout everywhere
expect event session-ended
expect cause session-logout
attacker refresh
expect status 400
attacker silent
expect no-event stolen
expect cause silent-login-required

# The password again, then five idle minutes end the session.
login
expect no-event session-used
advance 5m
expect event session-ended
expect cause session-idle
`
	if err := run(t, src); err != nil {
		t.Fatal(err)
	}
}

func TestCallIDTokenBeforeLoginFailsTheScriptAtItsLine(t *testing.T) {
	err := run(t, "advance 1m\ncall id-token\n")
	var fe *script.FailedError
	var nn *sim.NotNowError
	if !errors.As(err, &fe) || fe.Line != 2 || !errors.As(err, &nn) {
		t.Fatalf("run = %v, want a FailedError at line 2 wrapping a NotNowError", err)
	}
}
