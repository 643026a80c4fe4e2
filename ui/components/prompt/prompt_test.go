package prompt

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

func newPrompt() *Model {
	p := New(&common.Common{Width: 100, Height: 30, Styles: styles.NewStyles(true), Keys: keymap.DefaultKeyMap()})
	p.Open()
	return p
}

// typeText types s one key a rune, as a terminal sends it.
func typeText(p *Model, s string) {
	for _, r := range s {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// TestSuggestionsComeFromTheVerbsAndSettings: every verb, each argument of
// a verb's fixed set, and every setting with each of its values can be
// completed, and every suggestion is an action or leads to one.
func TestSuggestionsComeFromTheVerbsAndSettings(t *testing.T) {
	got := Suggestions(keymap.DefaultKeyMap())
	for _, v := range sim.Verbs {
		if !slices.Contains(got, v.Name) {
			t.Errorf("no suggestion for the verb %s", v.Name)
		}
		for _, sub := range v.Subs {
			if !slices.Contains(got, v.Name+" "+sub) {
				t.Errorf("no suggestion for %s %s", v.Name, sub)
			}
		}
	}
	for _, s := range sim.Settings {
		for _, value := range s.Choices {
			if !slices.Contains(got, "set "+s.Name+" "+value) {
				t.Errorf("no suggestion for set %s %s", s.Name, value)
			}
		}
	}
	for _, name := range sim.PresetNames() {
		if !slices.Contains(got, "compare "+name) {
			t.Errorf("no suggestion for compare %s", name)
		}
	}
	// A line that does not parse yet is a step towards others: "set
	// rotation" before "set rotation off".
	for _, line := range got {
		if strings.HasPrefix(line, "compare") {
			continue // the compare view's command, which the root reads before any action
		}
		_, err := sim.ParseAction(line)
		leads := slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, line+" ") })
		if err != nil && !leads {
			t.Errorf("the suggestion %q does not parse and leads nowhere: %v", line, err)
		}
	}
}

// TestTabCompletesTheLine: a prefix completes to the first suggestion it
// starts, and enter submits the completed line.
func TestTabCompletesTheLine(t *testing.T) {
	p := newPrompt()
	typeText(p, "forge w")
	if view := ansi.Strip(p.Render(100)); !strings.Contains(view, "tab completes") {
		t.Errorf("with a suggestion to take, the prompt does not say tab completes: %q", view)
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	res, line := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if res != Submitted || line != "forge wrong-key" {
		t.Errorf("tab then enter: %v %q, want the line forge wrong-key submitted", res, line)
	}
	if p.Active() {
		t.Error("the prompt stayed open after enter")
	}
}

// TestTheCursorMoves: left moves the cursor back, so typing inserts in
// the middle of the line, and home goes to its start.
func TestTheCursorMoves(t *testing.T) {
	p := newPrompt()
	typeText(p, "advance m")
	p.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	typeText(p, "14")
	p.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	p.Update(tea.KeyPressMsg{Code: tea.KeySpace}) // a space key with no text, as tests and some terminals send it
	if _, line := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); line != "advance 14m" {
		t.Errorf("submitted %q, want advance 14m (trimmed)", line)
	}
}

// TestEscCancelsAndPasteJoinsLines: esc closes without a line; a paste
// types its lines as one, and the line never grows past maxLength.
func TestEscCancelsAndPasteJoinsLines(t *testing.T) {
	p := newPrompt()
	typeText(p, "call")
	if res, line := p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); res != Cancelled || line != "" || p.Active() {
		t.Errorf("esc: %v %q, open %v; want cancelled and closed", res, line, p.Active())
	}
	if p.Paste(tea.PasteMsg{Content: "call"}) {
		t.Error("a closed prompt took a paste")
	}
	p.Open()
	if !p.Paste(tea.PasteMsg{Content: "set rotation\noff"}) {
		t.Fatal("the open prompt did not take the paste")
	}
	if _, line := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); line != "set rotation off" {
		t.Errorf("pasted two lines, submitted %q, want set rotation off", line)
	}
	p.Open()
	p.Paste(tea.PasteMsg{Content: strings.Repeat("x", 10*maxLength)})
	if _, line := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); len(line) != maxLength {
		t.Errorf("a huge paste left a line of %d characters, want at most %d", len(line), maxLength)
	}
}

// TestAReopenedPromptOffersNothingStale: the completion offered before
// enter does not come back when the prompt opens again.
func TestAReopenedPromptOffersNothingStale(t *testing.T) {
	p := newPrompt()
	typeText(p, "set rotation")
	p.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	p.Open()
	if view := ansi.Strip(p.Render(100)); strings.Contains(view, "set") || strings.Contains(view, "tab completes") {
		t.Errorf("the reopened prompt shows %q, want it empty", view)
	}
}

// TestUpWithNothingToSuggestIsHarmless: up cycles the completions; with
// none to offer, the prompt still draws (textinput's own
// CurrentSuggestion panics then).
func TestUpWithNothingToSuggestIsHarmless(t *testing.T) {
	p := newPrompt()
	p.Update(tea.KeyPressMsg{Code: tea.KeyUp})
	typeText(p, "zz")
	p.Update(tea.KeyPressMsg{Code: tea.KeyUp})
	if view := ansi.Strip(p.Render(100)); !strings.Contains(view, "zz") {
		t.Errorf("the prompt shows %q, want the typed zz", view)
	}
}

// TestTabCompletesAWordAndLeavesRoomForTheNext: a verb that takes more
// words completes with a space after it, so what is typed next is a word
// of its own (`advance 14m`, not `advance14m`); a last word gets none.
func TestTabCompletesAWordAndLeavesRoomForTheNext(t *testing.T) {
	p := newPrompt()
	typeText(p, "adv")
	p.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	typeText(p, "14m")
	if _, line := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); line != "advance 14m" {
		t.Errorf("adv, tab, 14m submitted %q, want advance 14m", line)
	}
	p.Open()
	typeText(p, "forge wr")
	p.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if got := p.input.Value(); got != "forge wrong-key" {
		t.Errorf("forge wr, tab gives %q, want forge wrong-key without a space", got)
	}
}

// TestTabAgainGoesThroughTheCompletions: with several ways to complete,
// each tab (or ↓) shows the next, shift+tab (or ↑) the one before, and
// the prompt says which of how many is shown and which keys choose.
func TestTabAgainGoesThroughTheCompletions(t *testing.T) {
	p := newPrompt()
	typeText(p, "advance ")
	if view := ansi.Strip(p.Render(120)); !strings.Contains(view, "tab completes (3 ways) · ↑↓ choose") {
		t.Errorf("with three completions the prompt says %q, want how many and the keys that choose", view)
	}
	var seen []string
	for range 4 {
		p.Update(tea.KeyPressMsg{Code: tea.KeyTab})
		seen = append(seen, p.input.Value())
	}
	want := []string{"advance 1m", "advance 15m", "advance 1d", "advance 1m"}
	if !slices.Equal(seen, want) {
		t.Errorf("four tabs showed %q, want %q", seen, want)
	}
	if view := ansi.Strip(p.Render(120)); !strings.Contains(view, "tab next (1/3)") {
		t.Errorf("going through the completions the prompt says %q, want where it is", view)
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if got := p.input.Value(); got != "advance 1d" {
		t.Errorf("shift+tab went to %q, want back to advance 1d", got)
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	if got := p.input.Value(); got != "advance 1m" {
		t.Errorf("down went to %q, want on to advance 1m", got)
	}
	// Typing ends the round: the next tab completes what is typed.
	typeText(p, "x")
	p.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if got := p.input.Value(); got != "advance 1mx" {
		t.Errorf("typing then tab left %q, want the typed line alone", got)
	}
}
