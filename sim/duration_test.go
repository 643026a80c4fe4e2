package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
)

func TestParseDurationAcceptsGoDurationsAndDays(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"90s", 90 * time.Second},
		{"1h30m", 90 * time.Minute},
		{"7d", 7 * 24 * time.Hour},
		{"1d12h", 36 * time.Hour},
		{"3650d", 3650 * 24 * time.Hour},
		{"87600h", 3650 * 24 * time.Hour},
		{"-5m", -5 * time.Minute},
		{"0", 0},
	}
	for _, tt := range tests {
		got, err := sim.ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestParseDurationOverLongIsOneMessage pins issue 9 point 15: a duration
// past ten years gets the same message whether or not it would overflow a
// time.Duration, and a typo never gets that message.
func TestParseDurationOverLongIsOneMessage(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"87601h", "87601h is longer than ten years"},
		{"2562047h", "2562047h is longer than ten years"},
		{"10000000h", "10000000h is longer than ten years"},
		{"99999999999999999999s", "99999999999999999999s is longer than ten years"},
		{"-10000000h", "-10000000h is longer than ten years"},
		{"3651d", "3651d is longer than ten years"},
		{"99999999999999999999d", "99999999999999999999d is longer than ten years"},
		{"3650d1h", "3650d1h is longer than ten years"},
		{"1d10000000h", "1d10000000h is longer than ten years"},
		{"15x", "not a duration"},
		{"1.5d", "not a duration"},
		{"+7d", "not a duration"},
		{"07d", "not a duration"},
		{"1d-5h", "not a duration"},
		{"h", "not a duration"},
		{"", "not a duration"},
		{"1e9h", "not a duration"},
	}
	for _, tt := range tests {
		_, err := sim.ParseDuration(tt.in)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseDuration(%q) error %v, want %q", tt.in, err, tt.want)
		}
	}
}
