package course

import (
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/common"
)

// narrativeKey identifies one rendering of a lesson's Markdown: the same
// text at another width or on another background is another rendering.
type narrativeKey struct {
	text  string
	width int
	dark  bool
}

// narrativeMsg carries a finished glamour rendering back to Update.
type narrativeMsg struct {
	key   narrativeKey
	lines []string
}

// narratives caches glamour renderings of lesson text. Rendering costs
// milliseconds, too slow for View, so Update asks for what the screen
// will need (request) and a command renders it; until it arrives the
// pane shows the text wrapped plainly.
type narratives struct {
	done    map[narrativeKey][]string
	pending map[narrativeKey]bool
}

// maxNarratives bounds the cache: a session shows a few texts at a few
// widths, and a resize storm must not keep every width ever seen.
const maxNarratives = 48

// lines returns the rendering of k, or the text wrapped plainly and false
// while the rendering is not ready.
func (n *narratives) lines(k narrativeKey) ([]string, bool) {
	if out, ok := n.done[k]; ok {
		return out, true
	}
	return common.Wrap(strings.TrimSpace(k.text), k.width), false
}

// ready reports whether k's rendering is done: the pane's cache key
// counts the renderings ready without paying for the plain fallback.
func (n *narratives) ready(k narrativeKey) bool {
	_, ok := n.done[k]
	return ok
}

// request returns a command that renders k, or nil when it is rendered or
// on its way.
func (n *narratives) request(k narrativeKey) tea.Cmd {
	if k.width <= 0 || k.text == "" {
		return nil
	}
	if n.ready(k) || n.pending[k] {
		return nil
	}
	if n.pending == nil {
		n.pending = map[narrativeKey]bool{}
	}
	n.pending[k] = true
	return func() tea.Msg { return narrativeMsg{key: k, lines: renderMarkdown(k.text, k.width, k.dark)} }
}

// store keeps a finished rendering.
func (n *narratives) store(msg narrativeMsg) {
	delete(n.pending, msg.key)
	if n.done == nil || len(n.done) >= maxNarratives {
		n.done = map[narrativeKey][]string{}
	}
	n.done[msg.key] = msg.lines
}

// renderMarkdown renders lesson Markdown with glamour, width cells wide,
// without glamour's outer margin and blank lines: the pane's frame is the
// margin. If glamour fails, the text is wrapped as it is.
func renderMarkdown(text string, width int, dark bool) []string {
	cfg := styles.DarkStyleConfig
	if !dark {
		cfg = styles.LightStyleConfig
	}
	zero := uint(0)
	cfg.Document.Margin = &zero
	cfg.Document.BlockPrefix, cfg.Document.BlockSuffix = "", ""
	r, err := glamour.NewTermRenderer(glamour.WithStyles(cfg), glamour.WithWordWrap(width))
	if err != nil {
		return common.Wrap(strings.TrimSpace(text), width)
	}
	margin := 0
	if cfg.CodeBlock.Margin != nil {
		margin = int(*cfg.CodeBlock.Margin)
	}
	out, err := r.Render(wrapCode(text, width-margin))
	if err != nil {
		return common.Wrap(strings.TrimSpace(text), width)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	return hangItems(lines, width)
}

// fence opens or closes a fenced code block: three or more backticks or
// tildes, indented at most three spaces (CommonMark §4.5).
var fence = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")

// wrapCode wraps the lines of fenced code blocks to width cells, each
// continuation under its line's indentation and two more spaces. glamour
// wraps code past its margin, one cell wider than it was asked to, and a
// pane that cuts the overflow would eat characters of the code; wrapped
// here, no code line is too long for glamour to wrap again.
func wrapCode(md string, width int) string {
	if width < 8 {
		return md
	}
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	open := ""
	for _, l := range lines {
		if m := fence.FindStringSubmatch(l); m != nil {
			switch {
			case open == "":
				open = m[1]
			case strings.HasPrefix(m[1], open) && strings.TrimSpace(l) == m[1]:
				open = ""
			}
			out = append(out, l)
			continue
		}
		if open == "" || ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		body := strings.TrimLeft(l, " ")
		indent := l[:len(l)-len(body)]
		n := max(width-len(indent)-2, 4)
		for i, c := range strings.Split(ansi.Wrap(body, n, " "), "\n") {
			if i > 0 {
				c = "  " + c
			}
			out = append(out, indent+c)
		}
	}
	return strings.Join(out, "\n")
}

// listMarker finds the start of a list item as glamour draws it: "1. ",
// "• ", indented for a nested list.
var listMarker = regexp.MustCompile(`^(\s*)(\d+\.|•) `)

// hangItems rewraps each list item so that its later lines hang under
// its text rather than under its number: glamour wraps an item's lines
// back to the margin, where they read as a paragraph of their own.
func hangItems(lines []string, width int) []string {
	visible := func(l string) string {
		// glamour pads every line to the width; the padding is not text.
		return ansi.Truncate(l, ansi.StringWidth(strings.TrimRight(ansi.Strip(l), " ")), "")
	}
	var out []string
	for i := 0; i < len(lines); {
		m := listMarker.FindStringSubmatch(ansi.Strip(lines[i]))
		if m == nil {
			out = append(out, lines[i])
			i++
			continue
		}
		item := visible(lines[i])
		j := i + 1
		for ; j < len(lines); j++ {
			plain := strings.TrimSpace(ansi.Strip(lines[j]))
			if plain == "" || listMarker.MatchString(ansi.Strip(lines[j])) {
				break
			}
			item += " " + strings.TrimLeft(visible(lines[j]), " ")
		}
		hang := strings.Repeat(" ", ansi.StringWidth(m[0]))
		wrapped := strings.Split(ansi.Wrap(item, width, " "), "\n")
		out = append(out, wrapped[0])
		if len(wrapped) > 1 {
			rest := ansi.Wrap(strings.Join(wrapped[1:], " "), max(width-len(hang), 8), " ")
			for _, l := range strings.Split(rest, "\n") {
				out = append(out, hang+strings.TrimLeft(l, " "))
			}
		}
		i = j
	}
	return out
}
