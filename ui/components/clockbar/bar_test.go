package clockbar

import "testing"

// TestBigTextDrawsDigitsThreeRowsHigh pins the presenter clock's font on
// one digit: pixels pair up into half blocks.
func TestBigTextDrawsDigitsThreeRowsHigh(t *testing.T) {
	got := bigText("0")
	want := [3]string{"█▀█", "█ █", "▀▀▀"}
	if got != want {
		t.Errorf("bigText(0) = %q, want %q", got, want)
	}
}
