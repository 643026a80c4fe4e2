package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tokenflow/tokenflow/sim/plural"
)

// divergeMark marks a line the policies disagree on.
const divergeMark = "≠"

// WriteText prints the comparison as aligned columns: the policies and how
// they differ from the course's defaults, then one row per script line
// with each policy's outcome, ≠ where they disagree.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s under %d policies\n\n", r.Script, len(r.Policies))
	nameW := 0
	for _, p := range r.Policies {
		nameW = max(nameW, utf8.RuneCountInString(p.Name))
	}
	for _, p := range r.Policies {
		fmt.Fprintf(&b, "  %-*s  %s\n", nameW, p.Name, settingsLine(p))
	}
	b.WriteString("\n")
	header := []string{"", "line", "script"}
	for _, p := range r.Policies {
		header = append(header, p.Name)
	}
	table := [][]string{header}
	for _, row := range r.Rows {
		if row.Kind == "comment" {
			table = append(table, []string{"", strconv.Itoa(row.Line), "# " + row.Text})
			continue
		}
		cells := []string{"", strconv.Itoa(row.Line), row.Text}
		if row.Diverges {
			cells[0] = divergeMark
		}
		for _, o := range row.Outcomes {
			cells = append(cells, o.String())
		}
		table = append(table, cells)
	}
	widths := make([]int, len(header))
	for _, cells := range table {
		if len(cells) != len(header) {
			continue // a comment runs on across the columns
		}
		for i, c := range cells {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, cells := range table {
		var line strings.Builder
		for i, c := range cells {
			if i > 0 {
				line.WriteString("  ")
			}
			line.WriteString(c)
			if i < len(cells)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	b.WriteString("\n" + r.verdict() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// settingsLine says how a policy differs from the course's defaults.
func settingsLine(p Column) string {
	if len(p.Settings) == 0 {
		return "the course's defaults"
	}
	return strings.Join(p.Settings, ", ")
}

// verdict is the comparison's last line: how many lines diverge, and
// which expectations failed where.
func (r *Result) verdict() string {
	diverging := 0
	var failed []string
	for _, row := range r.Rows {
		if row.Diverges {
			diverging++
		}
		for i, o := range row.Outcomes {
			if o.Failed {
				failed = append(failed, fmt.Sprintf("line %d under %s", row.Line, r.Policies[i].Name))
			}
		}
	}
	s := fmt.Sprintf("%s: the policies disagree on %s.", divergeMark, plural.Count(diverging, "line"))
	if len(failed) == 0 {
		return s + " Every line ran, and every expectation held, under every policy."
	}
	return s + " Failed: " + strings.Join(failed, ", ") + "."
}

// WriteMarkdown prints the comparison as a Markdown document: the
// policies, then one table row per script line.
func (r *Result) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s under %d policies\n\n", mdCell(r.Script), len(r.Policies))
	for _, p := range r.Policies {
		fmt.Fprintf(&b, "- **%s**: %s\n", mdCell(p.Name), mdCell(settingsLine(p)))
	}
	b.WriteString("\n| | line | script |")
	for _, p := range r.Policies {
		b.WriteString(" " + mdCell(p.Name) + " |")
	}
	b.WriteString("\n| --- | --- | --- |" + strings.Repeat(" --- |", len(r.Policies)) + "\n")
	for _, row := range r.Rows {
		mark := " "
		if row.Diverges {
			mark = " " + divergeMark + " "
		}
		if row.Kind == "comment" {
			fmt.Fprintf(&b, "| | %d | *%s* |%s\n", row.Line, mdCell(row.Text), strings.Repeat(" |", len(r.Policies)))
			continue
		}
		fmt.Fprintf(&b, "|%s| %d | `%s` |", mark, row.Line, mdCell(row.Text))
		for _, o := range row.Outcomes {
			b.WriteString(" " + mdCell(o.String()) + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + mdCell(r.verdict()) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell keeps a text from breaking a Markdown table or its emphasis.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "`", "'", "\n", " ").Replace(s)
}

// WriteJSON prints the comparison as one JSON document.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
