package wallet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// note is a remark on a token in three lengths, the longest that fits
// wins: a narrow pane says less, never something else.
type note [3]string

// Lengths of a note.
const (
	long = iota
	short
	tiny
)

var (
	stillAccepted = note{"API still accepts it", "still works", "usable"}
	boundTo       = map[sim.Binding]note{
		sim.BindingApp:      {"bound to the app's key", "bound: app's key", "app's key"},
		sim.BindingAttacker: {"bound to the attacker's key", "bound: attacker's key", "its own key"}, // only ever in its loot
		sim.BindingOther:    {"bound to another client's key", "bound: other key", "other key"},
	}
)

// clientNotes is what the client's token needs said beside its time
// left: that the API still takes it though the issuer revoked it, and
// the key it is bound to.
func clientNotes(t common.TokenView) []note {
	var ns []note
	if t.StillAccepted(t.Now) {
		ns = append(ns, stillAccepted)
	}
	if n, ok := boundTo[t.Binding]; ok {
		ns = append(ns, n)
	}
	return ns
}

// lootNotes is clientNotes for a token in the attacker's hands: a revoked
// token that the API still takes works for the thief only if no key of
// the app's stands in the way.
func lootNotes(t common.TokenView) []note {
	var ns []note
	if t.StillAccepted(t.Now) && (t.Binding == sim.BindingNone || t.Binding == sim.BindingAttacker) {
		ns = append(ns, stillAccepted)
	}
	if n, ok := boundTo[t.Binding]; ok {
		ns = append(ns, n)
	}
	return ns
}

// judges names the party whose clock a token's row counts on.
var judges = map[sim.Actor]string{sim.ActorAPI: "the API", sim.ActorIssuer: "the issuer", sim.ActorClient: "the app"}

// say joins notes at one length.
func say(ns []note, length int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = n[length]
	}
	return strings.Join(parts, " · ")
}

// lootBodies is what a line of the attacker's loot can say after the
// token's name, longest first: the state and every note; then the same
// without "☠ stolen", which the heading already says; then the state's
// mark and the shortest note, and the notes alone, so that a narrow line
// keeps the token's id and still says whether the thief can use it. A
// revoked token that the API still takes skips the mark: "✖ usable"
// draws it dead, and the word "revoked" beside the mark is what made the
// two agree.
func lootBodies(st *styles.Styles, t common.TokenView) []string {
	if t.Token == "" {
		return nil
	}
	stolen := common.StateLabel(st, t.State, true)
	state := common.StateLabel(st, t.State, false)
	ns := lootNotes(t)
	if len(ns) == 0 {
		return []string{stolen, state}
	}
	bodies := []string{
		stolen + st.Muted.Render(" · "+say(ns, long)),
		stolen + st.Muted.Render(" · "+say(ns, short)),
		state + st.Muted.Render(" · "+say(ns, short)),
		state + st.Muted.Render(" · "+say(ns, tiny)),
	}
	if !t.StillAccepted(t.Now) {
		bodies = append(bodies, common.StateMark(st, t.State, false)+st.Muted.Render(" "+say(ns, tiny)))
	}
	return append(bodies, notesAlone(st, ns)...)
}

// notesAlone are the shortest bodies: the notes without the state, so
// that a cell too narrow for both still says that the API takes the
// token rather than showing it revoked and nothing more.
func notesAlone(st *styles.Styles, ns []note) []string {
	return []string{st.Text.Render(say(ns, short)), st.Text.Render(say(ns, tiny))}
}

// idBodies is what the ID token's line says: what it is for, since its
// state is no API's concern.
func idBodies(st *styles.Styles) []string {
	return []string{st.Muted.Render("tells the app who signed in · not for APIs"), st.Muted.Render("not for APIs")}
}

// stripBodies is what a token of the presenter's strip says after its
// name: its state and every note, on the one line it has, in as many
// words as fit.
func stripBodies(st *styles.Styles, t common.TokenView, loot bool) []string {
	if loot {
		return lootBodies(st, t)
	}
	ns := clientNotes(t)
	if len(ns) == 0 || t.Token == "" {
		return nil
	}
	state := common.StateLabel(st, t.State, t.Stolen)
	return append([]string{
		state + st.Muted.Render(" · "+say(ns, long)),
		state + st.Muted.Render(" · "+say(ns, short)),
		state + st.Muted.Render(" · "+say(ns, tiny)),
	}, notesAlone(st, ns)...)
}

// refreshPolicy says how long refresh tokens live: the login's absolute
// end and the idle limit, which at zero is none rather than no time at
// all; a stateless token has its own lifetime and nothing else.
func refreshPolicy(pol issuer.Policy) string {
	if pol.RefreshFormat == issuer.RefreshStateless {
		life := pol.RefreshTTL
		if life == 0 {
			life = pol.FamilyLifetime
		}
		return "stateless refresh " + sim.FormatDuration(life)
	}
	idle := "no idle limit"
	if pol.RefreshTTL > 0 {
		idle = "idle " + sim.FormatDuration(pol.RefreshTTL)
	}
	return "refresh " + sim.FormatDuration(pol.FamilyLifetime) + ", " + idle
}

// presetNote names the preset in force, when one is: "preset okta".
func presetNote(cfg sim.Config) string {
	if p := cfg.SettingString("preset"); p != sim.DefaultPreset {
		return " · preset " + p
	}
	return ""
}

// dpopPolicy names the DPoP setting in the policy summary when it is not
// off, so a world without DPoP reads as it always did.
func dpopPolicy(pol issuer.Policy) string {
	if pol.DPoP == "" || pol.DPoP == issuer.DPoPOff {
		return ""
	}
	return " · dpop " + string(pol.DPoP)
}

// fitting is what a token line keeps when it is narrow.
type fitting int

const (
	// keepIDBar: the id first; the state shortens to its mark, its word
	// going to the time-left line under the token.
	keepIDBar fitting = iota
	// keepID: the id first; with no line under the token, the kind's
	// name goes before the state's word does.
	keepID
	// keepWords: the words first, the id only where it fits beside them:
	// the presenter's strip, read from the back of a room.
	keepWords
)

// tokenLine is "› access  at-01Bq9tEDGp-H  ✓ valid ☠ stolen": the
// token's kind, its id, and its state, or instead of the state one of
// bodies (longest first), which say more. In the wallet the id is kept
// whenever it fits at all: it is what the learner matches between the
// panes and the events. So when the line is narrow, the state and the
// bodies shorten first (fit says how), and compact reports that the
// line kept only the state's mark, its word left to the line under it;
// the kind's name goes before the id too, since the id's prefix (at-,
// rt-, id-) also says it. Only when even the id and a mark do not fit
// does the id go.
func tokenLine(st *styles.Styles, mark string, t common.TokenView, none string, selected bool, inner int, bodies []string, fit fitting) (line string, compact bool) {
	name := fmt.Sprintf("%-8s", t.Kind)
	if selected {
		name = st.Selected.Render(name)
	}
	if t.Token == "" {
		return mark + name + st.Muted.Render("— "+none), false
	}
	head := mark + name
	withID := head + st.Text.Render(t.ID) + "  "
	state := common.StateLabel(st, t.State, t.Stolen)
	if t.Kind == issuer.IDToken && len(bodies) > 0 {
		state = bodies[len(bodies)-1]
	}
	fits := func(s string) bool { return ansi.StringWidth(s) <= inner }
	// The candidates are built as they are tried, most often the first.
	if fit == keepWords {
		for _, b := range bodies {
			if line := withID + b; fits(line) {
				return line, false
			}
			if line := head + b; fits(line) {
				return line, false
			}
		}
		if line := withID + state; fits(line) {
			return line, false
		}
	} else {
		for _, b := range append(bodies, state) {
			if line := withID + b; fits(line) {
				return line, false
			}
		}
		idOnly := mark + st.Text.Render(t.ID+" ")
		if selected {
			idOnly = mark + st.Selected.Render(t.ID) + " "
		}
		if fit == keepID {
			for _, b := range append(bodies, state) {
				if line := idOnly + b; fits(line) {
					return line, false
				}
			}
		}
		if line := withID + common.StateMark(st, t.State, t.Stolen); fit == keepIDBar && fits(line) {
			return line, true
		}
		if line := idOnly + common.StateMark(st, t.State, t.Stolen); fits(line) {
			return line, fit == keepIDBar
		}
		for _, b := range bodies {
			if line := head + b; fits(line) {
				return line, false
			}
		}
	}
	if line := head + state; fits(line) || !t.Stolen {
		return line, false
	}
	// "☠ stolen" gives way before the state does: the attacker's row, or
	// the mark on the other token, already says it.
	return head + common.StateLabel(st, t.State, false), false
}

// dead reports whether a token can never work again, whatever its exp
// says: revoked, rotated out, denylisted or unknown to the issuer, and
// not a revoked access token that the API, checking JWTs by itself, still
// takes until exp.
func dead(t common.TokenView) bool {
	switch t.State {
	case issuer.StateRevoked, issuer.StateRotated, issuer.StateDenied, issuer.StateUnknown:
		return !t.StillAccepted(t.Now)
	}
	return false
}

// lifeBar draws how much of a token's lifetime is left as a bar that
// drains with simulated time, then the time left in words and the notes,
// in as many words as leave room for a bar: the notes matter more than
// the bar, so a note gives way to the bar only by growing shorter. The
// time is counted on the clock of the party that judges the token, as its
// state is; when that clock is not the world's, the label says whose
// count it is. A dead token has no time left to show, whatever its exp
// says: its line says that it is dead. With stateWords (the token's own
// line kept only its state's mark), the line begins with the state in
// words, "☠ stolen" being the first word to go when room is short.
func lifeBar(st *styles.Styles, t common.TokenView, width int, ns []note, stateWords bool) string {
	if t.Token == "" {
		return ""
	}
	var state, stolen string
	if stateWords && t.State != issuer.StateActive && t.State != issuer.StateExpired {
		state = common.StateLabel(st, t.State, false)
	}
	if stateWords && t.Stolen {
		stolen = st.Attack.Render("☠ stolen")
	}
	var prefixes []string
	for _, said := range [][]string{{state, stolen}, {state}} {
		said = slices.DeleteFunc(said, func(s string) bool { return s == "" })
		if p := strings.Join(said, " "); len(said) > 0 && !slices.Contains(prefixes, p+st.Muted.Render(" · ")) {
			prefixes = append(prefixes, p+st.Muted.Render(" · "))
		}
	}
	prefixes = append(prefixes, "")

	left := t.Expires.Sub(t.Now)
	when := common.Short(left) + " left"
	if left <= 0 {
		when = "expired " + common.Short(-left) + " ago"
	}
	whose := when
	if t.Skewed {
		whose += " as " + judges[t.Judge] + " counts"
	}
	// The labels in passes: the notes first, each with every prefix, then
	// the bare time left, so that a note outranks "☠ stolen", which line
	// one's ☠ already says.
	var passes [][]string
	bar := false
	switch {
	case dead(t):
		passes = [][]string{{"dead, whatever its exp says", "dead"}}
	case !t.HasLife:
		passes = [][]string{{"lifetime unknown"}}
	case len(ns) > 0:
		bar = true
		notes := []string{whose + " · " + say(ns, long), whose + " · " + say(ns, short), when + " · " + say(ns, short),
			when + " · " + say(ns, tiny)}
		if left > 0 {
			notes = append(notes, common.Short(left)+" · "+say(ns, tiny))
		}
		passes = [][]string{notes, {when}}
	default:
		bar = true
		passes = [][]string{{whose, when}}
	}
	for _, pass := range passes {
		for _, prefix := range prefixes {
			room := width - ansi.StringWidth(prefix)
			for _, l := range pass {
				if bw := min(room-ansi.StringWidth(l)-1, 30); bar && bw >= 4 {
					return prefix + drawBar(st, t, bw) + " " + st.Muted.Render(l)
				}
				if ansi.StringWidth(l) <= room {
					return prefix + st.Muted.Render(l)
				}
			}
		}
	}
	last := passes[len(passes)-1]
	return st.Muted.Render(last[len(last)-1])
}

// drawBar is the bar of lifeBar, bw cells: full at issue, empty at exp,
// coloured as the time left runs short.
func drawBar(st *styles.Styles, t common.TokenView, bw int) string {
	left, total := t.Expires.Sub(t.Now), t.Expires.Sub(t.Issued)
	frac := 0.0
	if total > 0 && left > 0 {
		frac = min(float64(left)/float64(total), 1)
	}
	full := int(frac*float64(bw) + 0.5)
	if left > 0 && full == 0 {
		full = 1 // a sliver left is not the same as none
	}
	fill := st.BarFull
	switch {
	case left <= 0:
		fill = st.Bad
	case frac < 0.25:
		fill = st.Warn
	}
	return fill.Render(strings.Repeat("█", full)) + st.BarEmpty.Render(strings.Repeat("░", bw-full))
}
