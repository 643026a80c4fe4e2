# tokenflow: build, run and check. `make help` lists the targets.

BIN      := bin/tokenflow
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X github.com/tokenflow/tokenflow/cmd.version=$(VERSION)

# Each fuzz target as package:FuzzName; add yours here. `go test -fuzz`
# takes one target at a time, so `make fuzz` runs them in turn.
FUZZ_TARGETS := \
	./sim/jwtdebug:FuzzDecode \
	./sim/issuer:FuzzTokenEndpoint \
	./sim/issuer:FuzzAuthorize \
	./sim/issuer:FuzzUserinfo \
	./sim/issuer:FuzzEndSession \
	./sim/dpop:FuzzCheck \
	./sim/script:FuzzParse \
	./sim/compare:FuzzParseWith \
	./lessons:FuzzParse \
	./ui/demo:FuzzNotesRender \
	./ui/workshop:FuzzGuard \
	./ui/workshop:FuzzUserDirName
FUZZTIME ?= 20s

.PHONY: help build run test bench fuzz golden screenshots lint clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/tokenflow with its version stamped in
	go build -ldflags "$(LDFLAGS)" -o $(BIN) .

run: ## start tokenflow
	go run .

test: ## vet, then run every test with the race detector
	go vet ./...
	go test -race ./...

bench: ## run the benchmarks, no tests
	go test -run '^$$' -bench . -benchmem ./...

fuzz: ## run each fuzz target for FUZZTIME (default 20s)
	@set -e; for target in $(FUZZ_TARGETS); do \
		pkg=$${target%%:*}; name=$${target##*:}; \
		echo "go test -run '^$$' -fuzz '^$$name\$$' -fuzztime $(FUZZTIME) $$pkg"; \
		go test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# Only the packages that keep golden files define -update.
GOLDEN_PKGS = $(shell find . -name '*.golden' -not -path './.git/*' -printf '%h\n' | sed 's#/testdata.*##' | sort -u)

golden: ## rewrite the golden files, and the UI frames' plain-text .txt companions, from the current output
	go test $(GOLDEN_PKGS) -update

# The README's screenshot: the main screen after the tour, rendered as ANSI
# by a test, then drawn by freeze. freeze draws the PNG with rsvg-convert
# (Debian: apt-get install librsvg2-bin) so that missing glyphs fall back
# to other fonts; its built-in renderer knows one font that lacks ☠ ✖ ↻.
SCREENSHOTS := ui/testdata/screenshots
FREEZE      := go run github.com/charmbracelet/freeze@v0.2.2

screenshots: ## render the README's screenshot into ui/testdata/screenshots
	@command -v rsvg-convert >/dev/null || { echo "make screenshots needs rsvg-convert (apt-get install librsvg2-bin)"; exit 1; }
	go test ./ui -run '^TestScreenshot$$' -count=1 -args -screenshot $(CURDIR)/$(SCREENSHOTS)
	$(FREEZE) --language ansi --window --padding 20 --font.size 9 --font.family "DejaVu Sans Mono, monospace" \
		-o $(SCREENSHOTS)/main.png $(SCREENSHOTS)/main.ansi

lint: ## fail on unformatted files, then vet
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then echo "gofmt wants to change:"; echo "$$unformatted"; exit 1; fi
	go vet ./...

clean: ## remove build output
	rm -rf bin
