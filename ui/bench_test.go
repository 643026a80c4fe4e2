package ui

import (
	"fmt"
	"testing"
	"time"
)

// benchModel is a session at w×h whose log holds 200 exchanges: a login
// (4) and 196 API calls.
func benchModel(b *testing.B, w, h int) *Model {
	b.Helper()
	m := newModel(b)
	resize(m, w, h)
	press(m, "l")
	for i := 0; i < 196; i++ {
		press(m, "c")
	}
	m.View()
	return m
}

// BenchmarkView measures a frame with a 200-exchange log: "idle" is a
// frame in which nothing changed (the common case between keys), "tick"
// one in which a simulated second passed, so the clock-driven panes
// redraw and the sequence diagram comes from its cache, and "cold" one in
// which every pane redraws. "key" is Update and View for one more API
// call, the log growing as it does while a learner plays.
func BenchmarkView(b *testing.B) {
	for _, size := range [][2]int{{120, 40}, {200, 60}} {
		b.Run(fmt.Sprintf("idle/%dx%d", size[0], size[1]), func(b *testing.B) {
			m := benchModel(b, size[0], size[1])
			b.ReportAllocs()
			for b.Loop() {
				m.View()
			}
		})
		b.Run(fmt.Sprintf("tick/%dx%d", size[0], size[1]), func(b *testing.B) {
			m := benchModel(b, size[0], size[1])
			b.ReportAllocs()
			for b.Loop() {
				m.World().Clock.Advance(time.Second)
				m.View()
			}
		})
		b.Run(fmt.Sprintf("key/%dx%d", size[0], size[1]), func(b *testing.B) {
			m := benchModel(b, size[0], size[1])
			b.ReportAllocs()
			for b.Loop() {
				// One more API call: Update applies it, then a frame in
				// which the log grew, as after every key.
				press(m, "c")
				m.View()
			}
		})
		b.Run(fmt.Sprintf("cold/%dx%d", size[0], size[1]), func(b *testing.B) {
			m := benchModel(b, size[0], size[1])
			b.ReportAllocs()
			wide := false
			for b.Loop() {
				// A new width invalidates every pane: the worst case, a
				// resize. Alternating between two widths makes each frame
				// a cold one.
				wide = !wide
				if wide {
					resize(m, size[0]+1, size[1])
				} else {
					resize(m, size[0], size[1])
				}
				m.View()
			}
		})
	}
}

// BenchmarkViewIdleModes measures a frame in which nothing changed on the
// other screens: the lesson menu, an open lesson step, a demo with its
// caption, and presenter mode. Like the sandbox's, such a frame should
// allocate nothing.
func BenchmarkViewIdleModes(b *testing.B) {
	modes := []struct {
		name string
		open func(b *testing.B) *Model
	}{
		{"menu", func(b *testing.B) *Model { return newCourseModel(b, nil) }},
		{"lesson", func(b *testing.B) *Model {
			m := newCourseModel(b, nil)
			resize(m, 120, 40)
			keys(m, "enter")
			return m
		}},
		{"demo", func(b *testing.B) *Model {
			m := newDemo(b, "steps.tf", stepScript(b), Options{})
			press(m, "right", "right")
			return m
		}},
		{"present", func(b *testing.B) *Model {
			m, err := New(Options{Seed: 1, Present: true})
			if err != nil {
				b.Fatal(err)
			}
			press(m, "l", "c")
			return m
		}},
	}
	for _, mode := range modes {
		b.Run(mode.name, func(b *testing.B) {
			m := mode.open(b)
			resize(m, 120, 40)
			m.View()
			b.ReportAllocs()
			for b.Loop() {
				m.View()
			}
		})
	}
}

// BenchmarkViewLongFamily measures a frame in which a simulated second
// passed, as it does every second of an idle session at 1×, when the
// login's family holds 5,000 generations: the token family pane redraws
// with the clock.
func BenchmarkViewLongFamily(b *testing.B) {
	for _, size := range [][2]int{{120, 40}, {200, 60}} {
		b.Run(fmt.Sprintf("tick/%dx%d", size[0], size[1]), func(b *testing.B) {
			m := newModel(b)
			resize(m, size[0], size[1])
			press(m, "l")
			for range 4999 {
				press(m, "r")
			}
			m.View()
			b.ReportAllocs()
			for b.Loop() {
				m.World().Clock.Advance(time.Second)
				m.View()
			}
		})
	}
}
