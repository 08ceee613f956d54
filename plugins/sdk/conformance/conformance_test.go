package conformance_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/conformance"
	"github.com/sigsentry/hub/plugins/sdk/sdktest"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// testdeskBinary is the test desk built once for the process checks.
var testdeskBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "conformance-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testdeskBinary, err = sdktest.BuildPlugin(context.Background(), sdktest.TestdeskPackage, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// TestTestdeskInProcess runs the kit over an in-process gRPC connection.
func TestTestdeskInProcess(t *testing.T) {
	runConformance(t)
}

// TestTestdeskProcess runs the kit against the real binary started as the
// hub starts it, process checks included.
func TestTestdeskProcess(t *testing.T) {
	client, _ := sdktest.Start(t, testdeskBinary)
	h := testdeskHarness(t, client)
	h.Binary = testdeskBinary
	conformance.Run(t, h)
}

// TestTestdeskMinimalHarness: a harness without the optional fields still
// runs; the checks that need them are skipped, not failed.
func TestTestdeskMinimalHarness(t *testing.T) {
	h := testdeskHarness(t, sdk.TestClient(t, testdesk.New()))
	h.Attributes = nil
	h.SecretSetting = ""
	conformance.Run(t, h)
}
