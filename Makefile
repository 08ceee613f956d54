# SigSentry hub. `make run` starts the hub on embedded defaults; `make test` runs everything CI runs.
GO        ?= go
BIN       := bin/sigsentry
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
# Every plugins/<id>/ that holds Go code builds to plugins/<id>/sigsentry-<id>.
PLUGINS   := $(patsubst plugins/%/,%,$(dir $(wildcard plugins/*/main.go)))

.PHONY: all build run test vet bench fmt tidy clean plugins

all: build

build: $(BIN) plugins

$(BIN): FORCE
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/sigsentry

plugins:
	@for id in $(PLUGINS); do \
		echo "$(GO) build -o plugins/$$id/sigsentry-$$id ./plugins/$$id"; \
		$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o plugins/$$id/sigsentry-$$id ./plugins/$$id || exit 1; \
	done

run: build
	./$(BIN) serve

vet:
	$(GO) vet ./...

test: vet
	$(GO) test -race -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

tidy:
	$(GO) mod tidy

clean:
	rm -rf bin

FORCE:
