package script

import (
	"fmt"
	"strings"
	"time"
)

// MaxPause bounds a `# pause` directive: a longer wait is a typo, not a
// talk.
const MaxPause = 10 * time.Minute

// directive reads a comment's text as one of the demo's directives. A
// directive is a comment to every other reader of a script, so a script
// with directives runs headless as before, and they never show as
// captions:
//
//	#> text      a speaker note, shown only to the presenter (an
//	             empty one is dropped)
//	# pause 4s   the wait before the next step of auto-play
//
// isDirective is false for an ordinary comment. A comment that reads as
// a pause with a malformed duration ("pause 4", "pause 4x") is returned
// as an error, for the demo to refuse, rather than shown as a caption on
// stage; a pause followed by words ("pause here and ask the room") stays
// a caption.
func directive(comment string) (l Line, isDirective bool, err error) {
	if text, ok := strings.CutPrefix(comment, ">"); ok {
		return Line{Note: strings.TrimSpace(text)}, true, nil
	}
	words := strings.Fields(comment)
	if len(words) != 2 || words[0] != "pause" || words[1][0] < '0' || words[1][0] > '9' {
		return Line{}, false, nil
	}
	d, perr := time.ParseDuration(words[1])
	switch {
	case perr != nil:
		return Line{}, false, fmt.Errorf("pause %s: want a duration such as 4s", words[1])
	case d <= 0 || d > MaxPause:
		return Line{}, false, fmt.Errorf("pause %s: want a duration above 0 and at most %s", words[1], MaxPause)
	}
	return Line{Pause: d}, true, nil
}
