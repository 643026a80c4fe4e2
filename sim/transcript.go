package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// FormatEvent renders one event as a transcript line: simulated time,
// actor, and what happened. The text can echo what a learner or a script
// typed, so terminal controls in it are escaped.
func FormatEvent(e Event) string {
	ts := e.At.Format("15:04:05")
	if e.Kind == KindAction {
		return termsafe.Escape(fmt.Sprintf("%s ▶ %s", ts, e.Text))
	}
	return termsafe.Escape(fmt.Sprintf("%s   %-9s %s", ts, actorLabel(e.Actor), e.Text))
}

func actorLabel(a Actor) Actor {
	if a == ActorTab2 {
		return "tab 2"
	}
	return a
}

// WriteText writes events as a readable transcript. A line with the date
// opens the transcript and appears again whenever the day changes.
func WriteText(w io.Writer, events []Event, lastDay *time.Time) error {
	for _, e := range events {
		if y, m, d := e.At.Date(); lastDay.IsZero() || y != lastDay.Year() || m != lastDay.Month() || d != lastDay.Day() {
			if _, err := fmt.Fprintf(w, "── %s ──\n", e.At.Format("Monday 2 January 2006")); err != nil {
				return err
			}
			*lastDay = e.At
		}
		if _, err := fmt.Fprintln(w, FormatEvent(e)); err != nil {
			return err
		}
	}
	return nil
}

// jsonEvent is an event as `run --format json` prints it, one per line.
type jsonEvent struct {
	Seq        int              `json:"seq"`
	At         string           `json:"at"`
	Kind       Kind             `json:"kind"`
	Actor      Actor            `json:"actor"`
	Text       string           `json:"text"`
	Cause      Cause            `json:"cause,omitempty"`
	TokenKind  issuer.TokenKind `json:"token_kind,omitempty"`
	TokenID    string           `json:"token_id,omitempty"`
	FamilyID   string           `json:"family_id,omitempty"`
	Generation int              `json:"generation,omitempty"`
	Expires    string           `json:"expires,omitempty"`
	Exchange   *jsonExchange    `json:"exchange,omitempty"`
}

type jsonExchange struct {
	Method   string `json:"method"`
	URL      string `json:"url"`
	Status   int    `json:"status"`
	Lost     bool   `json:"lost,omitempty"`
	Request  string `json:"request"`
	Response string `json:"response"`
}

// WriteJSON writes events as JSON lines. encoding/json leaves C1 and bidi
// controls raw; each line is escaped with termsafe, whose escapes are
// JSON's, so a reader decodes the same values and a terminal shows them
// as text.
func WriteJSON(w io.Writer, events []Event) error {
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	for _, e := range events {
		je := jsonEvent{Seq: e.Seq, At: e.At.Format(time.RFC3339), Kind: e.Kind, Actor: e.Actor, Text: e.Text, Cause: e.Cause,
			TokenKind: e.TokenKind, TokenID: e.TokenID, FamilyID: e.FamilyID, Generation: e.Generation}
		if !e.Expires.IsZero() {
			je.Expires = e.Expires.Format(time.RFC3339)
		}
		if x := e.Exchange; x != nil {
			je.Exchange = &jsonExchange{Method: x.Method, URL: x.URL, Status: x.Status, Lost: x.Lost,
				Request: strings.ReplaceAll(x.RawRequest(), "\r\n", "\n"), Response: strings.ReplaceAll(x.RawResponse(), "\r\n", "\n")}
		}
		line.Reset()
		if err := enc.Encode(je); err != nil {
			return err
		}
		if _, err := io.WriteString(w, termsafe.Escape(line.String())); err != nil {
			return err
		}
	}
	return nil
}
