package clock_test

import (
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

func TestFormatDurationSaysItAsALearnerWould(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{15 * time.Minute, "15m"},
		{7 * 24 * time.Hour, "7d"},
		{90 * time.Minute, "1h30m"},
		{24*time.Hour + 12*time.Hour + 5*time.Second, "1d12h5s"},
		{time.Minute + 1500*time.Millisecond, "1m1s"},
		{500 * time.Millisecond, "500ms"},
		{-5 * time.Minute, "-5m"},
		{-500 * time.Millisecond, "-500ms"},
	}
	for _, tt := range tests {
		if got := clock.FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSpellWritesALimitInWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Minute:        "30 minutes",
		time.Minute:             "1 minute",
		4 * time.Hour:           "4 hours",
		90 * time.Minute:        "90 minutes",
		48 * time.Hour:          "2 days",
		30 * time.Second:        "30 seconds",
		1500 * time.Millisecond: "1.5s",
		0:                       "0s",
	} {
		if got := clock.Spell(d); got != want {
			t.Errorf("Spell(%v) = %q, want %q", d, got, want)
		}
	}
}
