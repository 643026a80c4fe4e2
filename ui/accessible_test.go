package ui

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/components/help"
)

// newAccessible builds an accessible-mode session that prints into buf.
func newAccessible(t *testing.T, buf *safeBuffer) *Model {
	t.Helper()
	m, err := New(Options{Seed: 1, Accessible: true, Output: buf})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestAccessibleWelcomeReadsTheClockAndNamesKeysFromTheKeymap: the first
// lines a screen reader hears say what time it is and which keys to press,
// the keys as the keymap binds them.
func TestAccessibleWelcomeReadsTheClockAndNamesKeysFromTheKeymap(t *testing.T) {
	var buf safeBuffer
	m := newAccessible(t, &buf)
	keys := m.com.Keys
	got := strings.Join(m.welcome(), "\n")
	for _, want := range []string{
		"The simulated clock reads Monday 5 January 2026 09:00:00 and is running at 1×.",
		fmt.Sprintf("Press %s to log in, %s to hear where things stand, %s for every key, %s to quit.",
			keys.Login.Help().Key, keys.Describe.Help().Key, keys.Help.Help().Key, keys.Quit.Help().Key),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the welcome lacks %q:\n%s", want, got)
		}
	}
}

// TestAccessibleHelpListsEveryBindingOnce: the spoken help is generated
// from the keymap and the components' own keys, every binding under its
// group's title.
func TestAccessibleHelpListsEveryBindingOnce(t *testing.T) {
	var buf safeBuffer
	m := newAccessible(t, &buf)
	lines := m.help.Lines()
	if lines[0] != help.Intro(m.com.Keys) {
		t.Errorf("the help starts %q, want the introduction", lines[0])
	}
	n := 0
	for _, g := range m.helpGroups() {
		title := slices.Index(lines, g.Title+":")
		if title < 0 {
			t.Errorf("no heading for %s", g.Title)
			continue
		}
		for i, b := range g.Bindings {
			want := fmt.Sprintf("  %s: %s", b.Help().Key, b.Help().Desc)
			if got := lines[title+1+i]; got != want {
				t.Errorf("%s binding %d reads %q, want %q", g.Title, i, got, want)
			}
			n++
		}
	}
	if want := 1 + len(m.helpGroups()) + n; len(lines) != want {
		t.Errorf("the help has %d lines, want %d: the introduction, each heading and each binding", len(lines), want)
	}
}

// TestAccessibleSettingsReadEveryValueAndMarkTheChosenOne: the settings
// list reads each setting's current value, and marks the one the arrows
// change.
func TestAccessibleSettingsReadEveryValueAndMarkTheChosenOne(t *testing.T) {
	var buf safeBuffer
	m := newAccessible(t, &buf)
	press(m, "l", "s", "down", "down", "down", "down", "down", "right")
	lines := m.setPane.Lines()
	if len(lines) != 1+len(sim.Settings) {
		t.Fatalf("%d lines, want a heading and one a setting:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for i, s := range sim.Settings {
		line := lines[1+i]
		if !strings.HasPrefix(line[2:], s.Name+": "+m.World().Config().SettingString(s.Name)) || !strings.HasSuffix(line, "("+s.Summary+")") {
			t.Errorf("line %q does not read %s with its summary", line, s.Name)
		}
		if chosen := s.Name == "rotation"; strings.HasPrefix(line, "> ") != chosen {
			t.Errorf("line %q: marked %v, want %v", line, !chosen, chosen)
		}
	}
	if got, want := lines[6], "> rotation: off, changed since preset default, which set on (each refresh returns a new refresh token)"; got != want {
		t.Errorf("after turning rotation off, its line reads %q, want %q", got, want)
	}
	if got, want := lines[2], "  access-ttl: 15m, course default (lifetime of access tokens)"; got != want {
		t.Errorf("an unchanged setting reads %q, want %q with its source", got, want)
	}
}

// TestAccessibleDescribeSaysWhereThingsStand: w reads each token's id,
// state, owner and time left, what expires next and what to try.
func TestAccessibleDescribeSaysWhereThingsStand(t *testing.T) {
	var buf safeBuffer
	m := newAccessible(t, &buf)
	before := m.describe()
	for _, want := range []string{
		"It is Monday 5 January 09:00:00; the clock is running at 1×.",
		"The client's access token: none.",
		"The client's refresh token: none.",
		"The attacker's access token: none.",
		"The attacker's refresh token: none.",
	} {
		if !slices.Contains(before, want) {
			t.Errorf("before login, describe lacks %q:\n%s", want, strings.Join(before, "\n"))
		}
	}
	if last := before[len(before)-1]; !strings.HasPrefix(last, "Suggested: press "+m.com.Keys.Login.Help().Key) {
		t.Errorf("before login, the suggestion is %q, want to log in", last)
	}

	press(m, "l", "T")
	w := m.World()
	access, refresh := w.TokenID(w.Client.AccessToken), w.TokenID(w.Client.RefreshToken)
	after := m.describe()
	for _, want := range []string{
		"The client's access token " + access + ": valid, 15m left.",
		"The client's refresh token " + refresh + ": valid, and the attacker holds a copy, 7d left.",
		"The attacker's access token: none.",
		"The attacker's refresh token " + refresh + ": valid, 7d left.",
		"Next: the client's access token expires in 15m.",
	} {
		if !slices.Contains(after, want) {
			t.Errorf("after login and theft, describe lacks %q:\n%s", want, strings.Join(after, "\n"))
		}
	}

	press(m, "j", "]")
	expired := m.describe()
	if want := "The client's access token " + access + ": expired, expired 1m ago."; !slices.Contains(expired, want) {
		t.Errorf("a minute past expiry, describe lacks %q:\n%s", want, strings.Join(expired, "\n"))
	}
}

// TestPrinterWritesBlocksInTheOrderUpdateNumberedThem: the commands that
// write may run in any order; the terminal gets the blocks in order, each
// line ending in a carriage return and a line feed for a raw terminal.
func TestPrinterWritesBlocksInTheOrderUpdateNumberedThem(t *testing.T) {
	var out bytes.Buffer
	p := newPrinter(&out)
	first := p.print([]string{"one", "two\nthree"})
	second := p.print([]string{"four"})
	second()
	if out.Len() != 0 {
		t.Fatalf("the second block was written before the first: %q", out.String())
	}
	first()
	if got, want := out.String(), "one\r\ntwo\r\nthree\r\nfour\r\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestPrinterDrainWaitsForEveryBlockNumberedBeforeIt: quitting drains the
// printer, so the last lines are not cut off; blocks numbered after the
// drain do not hold it up.
func TestPrinterDrainWaitsForEveryBlockNumberedBeforeIt(t *testing.T) {
	var out bytes.Buffer
	p := newPrinter(&out)
	first, second := p.print([]string{"one"}), p.print([]string{"two"})
	drain := p.drain()
	later := p.print([]string{"later"})
	done := make(chan struct{})
	go func() {
		drain()
		close(done)
	}()
	second()
	select {
	case <-done:
		t.Fatal("drain returned with the first block unwritten")
	default:
	}
	first()
	<-done
	if got, want := out.String(), "one\r\ntwo\r\n"; got != want {
		t.Errorf("printed %q when drained, want %q", got, want)
	}
	later()
	if got, want := out.String(), "one\r\ntwo\r\nlater\r\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
