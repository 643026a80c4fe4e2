// Package content holds tokenflow's built-in lessons: Markdown files named
// NN-slug.md, in course order, embedded in the binary. AUTHORING.md, also
// here, explains the format; package lessons reads and checks the files.
package content

import "embed"

// FS holds every Markdown file of this directory: the lessons and the
// authoring guide. lessons.IsLessonFile tells them apart.
//
//go:embed *.md
var FS embed.FS
