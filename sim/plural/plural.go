// Package plural spells a count with its noun, "1 learner", "3 learners",
// for every sentence tokenflow prints (the CLI, the transcript, the panes,
// the workshop), so that none says "1 learners" and no package keeps a
// helper of its own.
package plural

import "strconv"

// Count is n and noun, the noun made plural with an s unless n is 1:
// "1 exchange", "0 exchanges". Every noun tokenflow counts takes an s.
func Count(n int, noun string) string { return strconv.Itoa(n) + " " + Noun(n, noun) }

// Noun is noun as n of it is said, for a sentence that puts the number
// elsewhere: "1 of 3 steps".
func Noun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
