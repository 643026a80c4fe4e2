package sim

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// Caption is commentary that an export places between events: a script's
// `#` comment, its consecutive lines joined, as the demo player shows it.
type Caption struct {
	// After is the Seq of the event the caption follows; 0 puts it before
	// the first.
	After int
	Text  string
}

// captionQueue hands out captions in event order.
type captionQueue []Caption

// before returns the text of every caption placed before the event
// numbered seq, and drops them from the queue.
func (q *captionQueue) before(seq int) []string {
	var out []string
	for len(*q) > 0 && (*q)[0].After < seq {
		if t := strings.TrimSpace((*q)[0].Text); t != "" {
			out = append(out, t)
		}
		*q = (*q)[1:]
	}
	return out
}

// rest returns every caption still queued.
func (q *captionQueue) rest() []string { return q.before(math.MaxInt) }

// dayClock writes the simulated times of an export in one format: the time
// of day, with the date in front at the first time of each new day, so a
// jump of days never hides behind an unchanged clock face.
type dayClock struct{ day time.Time }

func (c *dayClock) stamp(t time.Time) string {
	ref := c.day
	c.day = t
	if ref.IsZero() {
		ref = t.AddDate(0, 0, 1) // the first time of all carries its date
	}
	return clock.Stamp(t, ref)
}

// reply is an exchange's answer as an export shows it: the status, and the
// error code that says why it failed (RFC 6749 §5.2, RFC 6750 §3.1), such
// as "400 invalid_grant".
func reply(x *Exchange) string {
	s := fmt.Sprint(x.Status)
	if code := x.ErrorCode(); code != "" && x.Status >= 400 {
		s += " " + code
	}
	return s
}

// WriteMarkdown writes events as a Markdown document an instructor can
// paste into notes: one section per action, a table of what followed, and
// captions as quoted paragraphs between them. Terminal controls in it are
// escaped (see termsafe), as in every transcript.
func WriteMarkdown(w io.Writer, events []Event, captions ...Caption) error {
	var b strings.Builder
	b.WriteString("# tokenflow transcript\n")
	var days dayClock
	if len(events) > 0 {
		fmt.Fprintf(&b, "\nSimulated time starts %s.\n", events[0].At.Format("Monday 2 January 2006, 15:04:05 MST"))
		days.day = events[0].At
	}
	queue := captionQueue(captions)
	writeCaptions := func(texts []string) bool {
		for _, t := range texts {
			fmt.Fprintf(&b, "\n> %s\n", mdEscape(t))
		}
		return len(texts) > 0
	}
	open := false
	for _, e := range events {
		if writeCaptions(queue.before(e.Seq)) {
			open = false
		}
		if e.Kind == KindAction {
			fmt.Fprintf(&b, "\n## %s · `%s`\n\n| time | who | what |\n| --- | --- | --- |\n", days.stamp(e.At), e.Text)
			open = true
			continue
		}
		if !open {
			b.WriteString("\n| time | who | what |\n| --- | --- | --- |\n")
			open = true
		}
		what := mdEscape(e.Text)
		if x := e.Exchange; x != nil {
			what = fmt.Sprintf("`%s %s` → **%s**", x.Method, mdEscape(x.Path()), reply(x))
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", days.stamp(e.At), actorLabel(e.Actor), what)
	}
	writeCaptions(queue.rest())
	_, err := io.WriteString(w, termsafe.Escape(b.String()))
	return err
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
// an arrow and its answer, each action, caption and security event a note
// in words. Terminal controls in it are escaped (see termsafe).
func WriteMermaid(w io.Writer, events []Event, captions ...Caption) error {
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
	var days dayClock
	queue := captionQueue(captions)
	writeCaptions := func(texts []string) {
		for _, t := range texts {
			fmt.Fprintf(&b, "    Note over Client,API: %s\n", mermaidText(t))
		}
	}
	for _, e := range events {
		writeCaptions(queue.before(e.Seq))
		switch {
		case e.Exchange != nil:
			x := e.Exchange
			from, to := laneOf(x.Actor), "Issuer"
			if strings.HasPrefix(x.Path(), "/api/") {
				to = "API"
			}
			fmt.Fprintf(&b, "    %s->>%s: %s %s\n", from, to, x.Method, mermaidText(x.Path()))
			fmt.Fprintf(&b, "    %s-->>%s: %s\n", to, from, reply(x))
		case e.Kind == KindAction:
			fmt.Fprintf(&b, "    Note over Client,API: %s ▶ %s\n", days.stamp(e.At), mermaidText(e.Text))
		case e.Kind == KindReuseDetected, e.Kind == KindFamilyRevoked, e.Kind == KindGraceUsed, e.Kind == KindRotated,
			e.Kind == KindDenylisted, e.Kind == KindRevokeNoop:
			fmt.Fprintf(&b, "    Note over Issuer: %s\n", mermaidText(e.Text))
		case e.Kind == KindTokenExpired, e.Kind == KindStolen, e.Kind == KindForged:
			// An expiry's actor is the clock, which has no lane: laneOf
			// puts its note over the client.
			fmt.Fprintf(&b, "    Note over %s: %s %s\n", laneOf(e.Actor), days.stamp(e.At), mermaidText(e.Text))
		}
	}
	writeCaptions(queue.rest())
	_, err := io.WriteString(w, termsafe.Escape(b.String()))
	return err
}

// mermaidText keeps a label from breaking Mermaid's line syntax: a
// semicolon or a newline ends a statement and # starts an entity code. A
// colon after the one that starts the text is text, so sentences keep
// theirs.
func mermaidText(s string) string {
	return strings.NewReplacer(";", ",", "#", "", "\n", " ").Replace(s)
}
