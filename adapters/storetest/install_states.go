package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
)

var installStateTests = map[string]func(t *testing.T, s Stores){
	"ConsumeOnce":              testInstallStateOnce,
	"Expiry":                   testInstallStateExpiry,
	"UnknownAndMissingBinding": testInstallStateUnknown,
	"ConcurrentConsumeOneWins": testInstallStateConcurrent,
}

func testInstallStateOnce(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := createBinding(t, s, p.ID, binding.StatusPending, "")
	other := createBinding(t, s, p.ID, binding.StatusPending, "")
	must(t, s.SaveInstallState(ctx, binding.HashState("state-a"), b.ID, at(10)), "save a")
	must(t, s.SaveInstallState(ctx, binding.HashState("state-b"), other.ID, at(10)), "save b")
	got, err := s.ConsumeInstallState(ctx, binding.HashState("state-a"), base)
	must(t, err, "consume")
	if got != b.ID {
		t.Fatalf("consume returned binding %s, want %s", got, b.ID)
	}
	_, err = s.ConsumeInstallState(ctx, binding.HashState("state-a"), base)
	wantCode(t, err, core.ErrNotFound, "consume a used state")
	got, err = s.ConsumeInstallState(ctx, binding.HashState("state-b"), base)
	must(t, err, "consume the other state")
	if got != other.ID {
		t.Fatalf("consume returned binding %s, want %s", got, other.ID)
	}
}

func testInstallStateExpiry(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := createBinding(t, s, p.ID, binding.StatusPending, "")
	expires := time.Now().UTC().Add(binding.InstallStateTTL).Truncate(time.Microsecond)
	for _, h := range []string{"before", "at", "after"} {
		must(t, s.SaveInstallState(ctx, h, b.ID, expires), "save "+h)
	}
	if got, err := s.ConsumeInstallState(ctx, "before", expires.Add(-time.Microsecond)); err != nil || got != b.ID {
		t.Fatalf("consume just before expiry: %q, %v", got, err)
	}
	_, err := s.ConsumeInstallState(ctx, "at", expires)
	wantCode(t, err, core.ErrNotFound, "consume at the expiry instant")
	wantMessage(t, err, "expired")
	_, err = s.ConsumeInstallState(ctx, "after", expires.Add(time.Hour))
	wantCode(t, err, core.ErrNotFound, "consume after expiry")
	// An expired state is gone, not waiting for a clock that runs backwards.
	_, err = s.ConsumeInstallState(ctx, "after", expires.Add(-time.Minute))
	wantCode(t, err, core.ErrNotFound, "consume an expired state again")
}

func testInstallStateUnknown(t *testing.T, s Stores) {
	ctx := t.Context()
	_, err := s.ConsumeInstallState(ctx, binding.HashState("never-saved"), base)
	wantCode(t, err, core.ErrNotFound, "consume an unknown state")
	missing := core.NewID(core.PrefixBinding)
	err = s.SaveInstallState(ctx, "h", missing, at(10))
	wantCode(t, err, core.ErrNotFound, "save a state for a missing binding")
	wantMessage(t, err, missing)
}

// Two browser tabs (or a replayed callback) racing with one state: exactly
// one completes the install.
func testInstallStateConcurrent(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := createBinding(t, s, p.ID, binding.StatusPending, "")
	must(t, s.SaveInstallState(ctx, "contested", b.ID, time.Now().Add(time.Hour)), "save")
	const n = 12
	var wg sync.WaitGroup
	results := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			results[i], errs[i] = s.ConsumeInstallState(ctx, "contested", time.Now())
		})
	}
	close(start)
	wg.Wait()
	winners := 0
	for i := range n {
		switch {
		case errs[i] == nil && results[i] == b.ID:
			winners++
		case errs[i] == nil:
			t.Errorf("consumer %d got binding %q", i, results[i])
		case core.ErrorCode(errs[i]) != core.ErrNotFound:
			t.Errorf("consumer %d failed instead of losing: %v", i, errs[i])
		}
	}
	if winners != 1 {
		t.Fatalf("%d consumers got the binding, want exactly 1", winners)
	}
}
