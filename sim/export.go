package sim

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// WriteMarkdown writes events as a Markdown document an instructor can
// paste into notes: one section per action, a table of what followed.
// Terminal controls in it are escaped (see termsafe), as in every
// transcript.
func WriteMarkdown(w io.Writer, events []Event) error {
	var b strings.Builder
	b.WriteString("# tokenflow transcript\n")
	if len(events) > 0 {
		fmt.Fprintf(&b, "\nSimulated time starts %s.\n", events[0].At.Format("Monday 2 January 2006, 15:04:05 MST"))
	}
	open := false
	for _, e := range events {
		if e.Kind == KindAction {
			fmt.Fprintf(&b, "\n## %s · `%s`\n\n| time | who | what |\n| --- | --- | --- |\n", e.At.Format("15:04:05"), e.Text)
			open = true
			continue
		}
		if !open {
			b.WriteString("\n| time | who | what |\n| --- | --- | --- |\n")
			open = true
		}
		what := mdEscape(e.Text)
		if x := e.Exchange; x != nil {
			what = fmt.Sprintf("`%s %s` → **%d**", x.Method, mdEscape(x.Path()), x.Status)
		} else if e.Kind != KindNote {
			what = fmt.Sprintf("%s *(%s)*", what, e.Kind)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", stampDay(e.At, events[0].At), actorLabel(e.Actor), what)
	}
	_, err := io.WriteString(w, termsafe.Escape(b.String()))
	return err
}

// stampDay prints the time of day, with the date once the day has changed.
func stampDay(t, start time.Time) string {
	if t.YearDay() != start.YearDay() || t.Year() != start.Year() {
		return t.Format("Jan 2 15:04:05")
	}
	return t.Format("15:04:05")
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

// mermaidLanes maps actors to Mermaid participant ids.
var mermaidLanes = []struct {
	actor     Actor
	id, label string
}{
	{ActorClient, "Client", "Client app"},
	{ActorTab2, "Tab2", "Client tab 2"},
	{ActorBrowser, "Browser", "alice's browser"},
	{ActorBFF, "BFF", "the app's backend (BFF)"},
	{ActorAttacker, "Attacker", "Attacker"},
	{ActorIssuer, "Issuer", "Issuer"},
	{ActorAPI, "API", "API"},
}

// laneOf maps an actor to its participant; an actor with no lane of its
// own (the clock, the learner) is drawn on the client's.
func laneOf(actor Actor) string {
	for _, l := range mermaidLanes {
		if l.actor == actor {
			return l.id
		}
	}
	return "Client"
}

// WriteMermaid writes events as a Mermaid sequenceDiagram: each exchange
// an arrow and its answer, each action and each security event a note.
// Terminal controls in it are escaped (see termsafe).
func WriteMermaid(w io.Writer, events []Event) error {
	used := map[string]bool{"Issuer": true, "API": true, "Client": true}
	for _, e := range events {
		if x := e.Exchange; x != nil {
			used[laneOf(x.Actor)] = true
		}
	}
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	for _, l := range mermaidLanes {
		if used[l.id] {
			fmt.Fprintf(&b, "    participant %s as %s\n", l.id, l.label)
		}
	}
	for _, e := range events {
		at := e.At.Format("15:04:05")
		switch {
		case e.Exchange != nil:
			x := e.Exchange
			from, to := laneOf(x.Actor), "Issuer"
			if strings.HasPrefix(x.Path(), "/api/") {
				to = "API"
			}
			fmt.Fprintf(&b, "    %s->>%s: %s %s\n", from, to, x.Method, mermaidText(x.Path()))
			fmt.Fprintf(&b, "    %s-->>%s: %d\n", to, from, x.Status)
		case e.Kind == KindAction:
			fmt.Fprintf(&b, "    Note over Client,API: %s ▶ %s\n", at, mermaidText(e.Text))
		case e.Kind == KindReuseDetected, e.Kind == KindFamilyRevoked, e.Kind == KindGraceUsed, e.Kind == KindRotated,
			e.Kind == KindDenylisted, e.Kind == KindRevokeNoop:
			fmt.Fprintf(&b, "    Note over Issuer: %s\n", mermaidText(string(e.Kind)))
		case e.Kind == KindTokenExpired, e.Kind == KindStolen, e.Kind == KindForged:
			// An expiry's actor is the clock, which has no lane: laneOf
			// puts its note over the client.
			fmt.Fprintf(&b, "    Note over %s: %s %s\n", laneOf(e.Actor), at, mermaidText(string(e.Kind)))
		}
	}
	_, err := io.WriteString(w, termsafe.Escape(b.String()))
	return err
}

// mermaidText keeps a label from breaking Mermaid's line syntax.
func mermaidText(s string) string {
	return strings.NewReplacer(";", ",", "#", "", "\n", " ", ":", " ").Replace(s)
}
