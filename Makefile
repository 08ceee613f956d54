# SigSentry hub. `make run` starts the hub on embedded defaults; `make test` runs everything CI runs.
GO        ?= go
BIN       := bin/sigsentry
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
# Every plugins/<id>/ that holds Go code builds to plugins/<id>/sigsentry-<id>.
PLUGINS   := $(patsubst plugins/%/,%,$(dir $(wildcard plugins/*/main.go)))

.PHONY: all build run test vet bench bench-raw fmt tidy clean plugins proto

all: build

build: $(BIN) plugins

$(BIN): FORCE
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/sigsentry

# Each binary gets a .sha256 beside it; the hub refuses a binary that does not match.
plugins:
	@for id in $(PLUGINS); do \
		echo "$(GO) build -o plugins/$$id/sigsentry-$$id ./plugins/$$id"; \
		$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o plugins/$$id/sigsentry-$$id ./plugins/$$id || exit 1; \
		sha256sum plugins/$$id/sigsentry-$$id | cut -d' ' -f1 > plugins/$$id/sigsentry-$$id.sha256; \
	done

# Regenerates plugins/sdk/deskv1 from plugins/proto. Needs protoc (apt-get install protobuf-compiler)
# and the Go generators (go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
# google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2).
proto:
	PATH="$$PATH:$$($(GO) env GOPATH)/bin" protoc -I plugins/proto \
		--go_out=. --go_opt=module=github.com/sigsentry/hub \
		--go-grpc_out=. --go-grpc_opt=module=github.com/sigsentry/hub \
		plugins/proto/sigsentry/desk/v1/desk.proto

run: build
	./$(BIN) serve

vet:
	$(GO) vet ./...

test: vet
	$(GO) test -race -count=1 ./...

# Runs every benchmark of README.md's "Measured performance" table (about 5 minutes on 2 cores) and
# writes BENCHMARKS.md: figures, commands, machine, targets and baselines. -quick: a shorter smoke run.
bench:
	$(GO) run ./cmd/benchreport -o BENCHMARKS.md

# Every benchmark of every package with default benchtimes, raw go test output.
bench-raw:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

tidy:
	$(GO) mod tidy

clean:
	rm -rf bin

FORCE:
