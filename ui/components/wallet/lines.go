package wallet

import (
	"fmt"
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
// without "☠ stolen", which the heading already says.
func lootBodies(st *styles.Styles, t common.TokenView) []string {
	ns := lootNotes(t)
	if len(ns) == 0 || t.Token == "" {
		return nil
	}
	stolen := common.StateLabel(st, t.State, true)
	state := common.StateLabel(st, t.State, false)
	return append([]string{
		stolen + st.Muted.Render(" · "+say(ns, long)),
		stolen + st.Muted.Render(" · "+say(ns, short)),
		state + st.Muted.Render(" · "+say(ns, short)),
		state + st.Muted.Render(" · "+say(ns, tiny)),
	}, notesAlone(st, ns)...)
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

// tokenLine is "› access  at-01Bq9tEDGp-H  ✓ valid ☠ stolen". bodies,
// longest first, replace the state with what more the token needs said:
// the first that fits wins, with the token's id if that fits too, since
// the words matter more than the name. Without bodies, or when none fits,
// the state alone.
func tokenLine(st *styles.Styles, mark string, t common.TokenView, none string, selected bool, inner int, bodies []string) string {
	name := fmt.Sprintf("%-8s", t.Kind)
	if selected {
		name = st.Selected.Render(name)
	}
	if t.Token == "" {
		return mark + name + st.Muted.Render("— "+none)
	}
	head := mark + name
	withID := head + st.Text.Render(t.ID) + "  "
	fits := func(s string) bool { return ansi.StringWidth(s) <= inner }
	for _, b := range bodies {
		if line := withID + b; fits(line) {
			return line
		}
		if line := head + b; fits(line) {
			return line
		}
	}
	state := common.StateLabel(st, t.State, t.Stolen)
	if t.Kind == issuer.IDToken && len(bodies) > 0 {
		state = bodies[len(bodies)-1]
	}
	if line := withID + state; fits(line) {
		return line
	}
	if line := head + state; fits(line) || !t.Stolen {
		return line
	}
	// "☠ stolen" gives way before the state does: the attacker's row, or
	// the mark on the other token, already says it.
	return head + common.StateLabel(st, t.State, false)
}

// lifeBar draws how much of a token's lifetime is left as a bar that
// drains with simulated time, then the time left in words and the notes,
// in as many words as leave room for a bar. The time is counted on the
// clock of the party that judges the token, as its state is; when that
// clock is not the world's, the label says whose count it is.
func lifeBar(st *styles.Styles, t common.TokenView, width int, ns []note) string {
	if t.Token == "" {
		return ""
	}
	if !t.HasLife {
		return st.Muted.Render("lifetime unknown")
	}
	left := t.Expires.Sub(t.Now)
	total := t.Expires.Sub(t.Issued)
	when := common.Short(left) + " left"
	if left <= 0 {
		when = "expired " + common.Short(-left) + " ago"
	}
	whose := when
	if t.Skewed {
		whose += " as " + judges[t.Judge] + " counts"
	}
	labels := []string{whose, when}
	if len(ns) > 0 {
		labels = []string{whose + " · " + say(ns, long), whose + " · " + say(ns, short), when + " · " + say(ns, short),
			when + " · " + say(ns, tiny), when}
	}
	label, bw := labels[0], 0
	for _, l := range labels {
		if bw = min(width-ansi.StringWidth(l)-1, 30); bw >= 4 {
			label = l
			break
		}
	}
	if bw < 4 {
		// No room for a bar: the most that fits, in words alone.
		for _, l := range labels {
			if label = l; ansi.StringWidth(l) <= width {
				break
			}
		}
		return st.Muted.Render(label)
	}
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
	return fill.Render(strings.Repeat("█", full)) + st.BarEmpty.Render(strings.Repeat("░", bw-full)) + " " + st.Muted.Render(label)
}
