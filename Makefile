# Porpoise build and checks. `make run` starts a node with its console,
# `make test` is what CI runs (.ci/run).

GO       ?= go
BIN      := bin/dolphindb
HOMEDIR  ?= porpoise-home
FUZZTIME ?= 2m
# Folders of DolphinDB unit-test files (.dos with @testing cases) that
# `make test` runs through bin/dolphindb -test, comma-separated.
DOS_SUITES ?= $(shell ls -d tests/lang tests/lang/modules tests/builtins tests/sql tests/dfs 2>/dev/null | paste -sd, -)
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)

# Packages (as ./dir) whose tests hold benchmarks or fuzz targets.
BENCH_PKGS = $(shell grep -rl --include='*_test.go' '^func Benchmark' . | xargs -r -n1 dirname | sort -u)
FUZZ_FILES = $(shell grep -rl --include='*_test.go' '^func Fuzz' .)

.PHONY: all build run test vet fmt fmt-check bench fuzz known-failures clean

all: build

## build: the static server binary bin/dolphindb
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/dolphindb

## run: build, then start a standalone node with its console on $(HOMEDIR)
run: build
	@mkdir -p $(HOMEDIR)
	@[ -f $(HOMEDIR)/dolphindb.cfg ] || cp cmd/dolphindb/dolphindb.cfg $(HOMEDIR)/dolphindb.cfg
	./$(BIN) -home $(HOMEDIR) -console 1

## test: formatting, vet, Go tests, then the DolphinDB unit-test files
test: fmt-check vet build
	$(GO) test ./...
	@home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && \
	echo "./$(BIN) -home $$home -newValuePartitionPolicy add -test $(DOS_SUITES)" && \
	./$(BIN) -home "$$home" -newValuePartitionPolicy add -test $(DOS_SUITES)

## known-failures: rewrite tests/known_failures.txt from the current failures (review the diff)
known-failures:
	$(GO) test ./tests -run 'TestLang|TestDisplay' -update-known || true

vet:
	$(GO) vet ./...

fmt:
	gofmt -l -w $$(find . -name '*.go' -not -path './.git/*' -not -path '*/.npm/*' -not -path '*/node_modules/*')

fmt-check:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './.git/*' -not -path '*/.npm/*' -not -path '*/node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## bench: every benchmark, with allocation figures
bench:
	@if [ -z "$(BENCH_PKGS)" ]; then echo "no benchmarks yet"; else \
	$(GO) test -run '^$$' -bench . -benchmem $(BENCH_PKGS); fi
	$(GO) run ./cluster/server/loadtest/run

## fuzz: each fuzz target for FUZZTIME (default 2m), one after another
fuzz:
	@set -e; if [ -z "$(FUZZ_FILES)" ]; then echo "no fuzz targets yet"; fi; \
	for f in $(FUZZ_FILES); do \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "== $$t in ./$$(dirname $$f) for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./$$(dirname $$f); \
		done; \
	done

clean:
	rm -rf bin
