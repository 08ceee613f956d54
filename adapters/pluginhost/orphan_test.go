package pluginhost

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// helperEnv, when set to a plugins directory, makes the test binary act as
// a hub instead of running tests (go-plugin's helper-process pattern): it
// starts a Host over that directory, prints "pid=<plugin pid>" and waits to
// be killed.
const helperEnv = "PLUGINHOST_TEST_HELPER_HUB"

func runHelperHub() int {
	h := New(Options{
		Dir: os.Getenv(helperEnv),
		Settings: func(string, []sdk.ConfigKey) map[string]string {
			return testdesk.Settings("http://127.0.0.1:9") // never called
		},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.Start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "helper hub:", err)
		return 1
	}
	pid := pidOf(h, testdesk.ID)
	if pid == 0 {
		fmt.Fprintln(os.Stderr, "helper hub: plugin not running:", h.Ready(ctx))
		return 1
	}
	fmt.Printf("pid=%d\n", pid)
	time.Sleep(time.Hour) // until the test SIGKILLs this process
	return 0
}

// TestHubKilledLeavesNoPlugin: a hub that dies by SIGKILL runs no cleanup,
// so only the parent-death signal (and the plugin's own parent watch) can
// end its plugins.
func TestHubKilledLeavesNoPlugin(t *testing.T) {
	dir := plugins(t, "")
	hub := exec.Command(os.Args[0], "-test.run=^$")
	hub.Env = append(os.Environ(), helperEnv+"="+dir)
	hub.Stderr = os.Stderr
	out, err := hub.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hub.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hub.Process.Kill(); _ = hub.Wait() })

	pidc := make(chan int, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "pid="); ok {
				n, _ := strconv.Atoi(v)
				pidc <- n
				return
			}
		}
		close(pidc)
	}()
	var pid int
	select {
	case pid = <-pidc:
	case <-time.After(30 * time.Second):
		t.Fatal("helper hub did not report its plugin's pid")
	}
	if pid == 0 || !alive(pid) {
		t.Fatalf("helper hub's plugin pid %d is not running", pid)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) }) // only if the test failed

	if err := hub.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = hub.Wait()
	took := eventually(t, 2*time.Second, "plugin gone after the hub was SIGKILLed", func() bool { return !alive(pid) })
	t.Logf("plugin %d ended %s after its hub", pid, took)
}
