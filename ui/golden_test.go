package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// theTour is the newcomer's path: log in, call, let the token expire,
// watch the call fail, refresh, call again, then have the refresh token
// stolen and replayed until reuse detection revokes the family.
var theTour = strings.Fields("l c j c r c T A r")

// TestMainScreenGolden pins the main screen after the tour at the
// smallest, a common and a large terminal size.
func TestMainScreenGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newModel(t)
			resize(m, size[0], size[1])
			press(m, theTour...)
			out := ascii(t, m)
			requireFrame(t, out, size[0], size[1])
			requireGolden(t, out)
		})
	}
}

// TestScreensGolden pins the other screens a newcomer meets. Each names
// text its screen must show, so that keys which land somewhere else fail
// here rather than pin the wrong screen.
func TestScreensGolden(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
		want []string
	}{
		{"first_run", 80, 24, nil, []string{"No exchanges yet"}},
		{"help", 120, 40, []string{"?"}, []string{"Help · every key"}},
		{"inspect_access_token", 120, 40, []string{"l", "1"}, []string{"Inspector · the client's access token"}},
		// The second call's 401: ↑ selects its denied note, ↑ again the
		// exchange above it.
		{"inspect_exchange", 120, 40, []string{"l", "c", "j", "c", "up", "up", "enter"},
			[]string{"Inspector · exchange", "GET /api/profile HTTP/1.1", "HTTP/1.1 401 Unauthorized"}},
		{"settings", 120, 40, []string{"l", "s", "down", "down", "down", "down", "down", "right"}, []string{"› rotation ◀ off ▶"}},
		{"forge_menu", 80, 24, []string{"l", "f"}, []string{"forge which?"}},
		{"wallet_focus", 80, 24, []string{"l", "T", "tab", "down"}, []string{"›refresh"}},
		// Times past the world's first day carry their date: "advance 1d"
		// twice does not read as the same moment.
		{"across_days", 120, 40, []string{"l", ">", "r", ">", "r"},
			[]string{"09:00:00 ▶ advance 1d", "Tue Jan 6 09:00:00 ▶ advance 1d", "Wed Jan 7 09:00:00 ▶ refresh", "refresh at Wed Jan 7"}},
		// At 80×24 the settings keep the chosen value whole, and what the
		// setting does; an exchange's header wraps rather than cut.
		{"settings_80x24", 80, 24, []string{"s"}, []string{"◀ default ▶", "preset: one issuer's"}},
		{"inspect_exchange_80x24", 80, 24, []string{"l", "c", "j", "c", "up", "up", "enter"}, []string{"an eavesdropper sees only the host and the sizes"}},
		{"across_days_80x24", 80, 24, []string{"l", ">", "r", ">", "r"}, []string{"Wed Jan 7 09:00:00 ▶ refresh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t)
			resize(m, tt.w, tt.h)
			press(m, tt.keys...)
			out := ascii(t, m)
			requireFrame(t, out, tt.w, tt.h)
			for _, want := range tt.want {
				// Words, wherever the lines wrap them.
				if text := strings.Join(strings.Fields(ansi.Strip(out)), " "); !strings.Contains(text, want) {
					t.Errorf("the screen does not show %q:\n%s", want, text)
				}
			}
			requireGolden(t, out)
		})
	}
}

// TestTooSmallAsksToEnlarge checks that below 80×24 the screen says what
// is wrong instead of drawing a broken frame.
func TestTooSmallAsksToEnlarge(t *testing.T) {
	m := newModel(t)
	resize(m, 60, 20)
	press(m, "l")
	out := ansi.Strip(m.View().Content)
	if !strings.Contains(strings.ReplaceAll(out, "\n", " "), "Enlarge the window") {
		t.Fatalf("a 60×20 terminal shows:\n%s\nwant a request to enlarge it", out)
	}
	requireFrame(t, out, 60, 0)
}

// requireFrame checks that a frame is exactly h lines of exactly w cells
// (when h > 0; otherwise any number of lines of at most w cells): a frame
// that wraps or overflows is a broken one, and so is one whose panes fall
// short of their right border.
func requireFrame(t testing.TB, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if h > 0 && len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w || (h > 0 && got != w) {
			t.Errorf("line %d is %d cells wide, want %d: %q", i+1, got, w, ansi.Strip(l))
		}
	}
}
