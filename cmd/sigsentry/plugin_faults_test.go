package main

import (
	"net/http"
	"syscall"
	"testing"
	"time"
)

// TestPluginKilledMidStream: the Intercom plugin process is SIGKILLed twice
// while conversations stream in and notes are being posted. Webhooks that
// arrive while it is down are answered 503 (never 200) and redelivered, as
// Intercom would; posts cut off by the kill are retried. In the end every
// conversation is accepted and noted exactly once.
func TestPluginKilledMidStream(t *testing.T) {
	for _, mode := range []string{"embedded", "redis"} {
		t.Run(mode, func(t *testing.T) { runPluginKilledMidStream(t, mode) })
	}
}

func runPluginKilledMidStream(t *testing.T, mode string) {
	const conversations = 36
	start := time.Now()
	// Replies take a while, so that a kill catches posts in flight.
	w, h := startFaultHub(t, mode, 60*time.Millisecond)

	kills := map[int]bool{8: true, 24: true}
	var killed []int
	convs := w.addConversations(t, conversations, func(i int) {
		time.Sleep(30 * time.Millisecond)
		if i == 16 {
			// Let the supervisor restart it, so that the stream in between
			// shows the recovery (200s again) before the second kill.
			waitFor(t, "the plugin to run again", 20*time.Second, func() bool { return platformStatus(t, &hub{base: h.base}) == "running" })
		}
		if !kills[i] {
			return
		}
		// The second kill waits for the restart after the first (backoff).
		var pid int
		waitFor(t, "an Intercom plugin process to kill", 20*time.Second, func() bool {
			pid = pluginPID(t, h.cmd.Process.Pid, "sigsentry-intercom")
			return pid != 0
		})
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		killed = append(killed, i)
	})
	w.waitDeliveries(t, conversations)

	statuses := map[int]int{}
	for _, d := range w.sim.Deliveries() {
		statuses[d.Status]++
		if d.Status != http.StatusOK && d.Status != http.StatusServiceUnavailable {
			t.Errorf("delivery %s answered %d, want 200 or 503 (retry later)", d.NotificationID, d.Status)
		}
	}
	waitFor(t, "the plugin to run again", 20*time.Second, func() bool { return platformStatus(t, &hub{base: h.base}) == "running" })
	accepted, redelivered := w.redeliverRefused(t, h)
	c := w.settle(t, h, convs, accepted, 30*time.Second)
	c.redelivered = redelivered
	retries := h.metric("sigsentry_jobs_total", `outcome="retry"`)
	t.Logf("%s: %d conversations, plugin SIGKILLed before conversations %v: deliveries answered %v; "+
		"accepted %d (%d redelivered after a 503), processed %d, posted twice %d, lost %d; job retries %.0f; settled after %v",
		mode, c.conversations, killed, statuses, c.accepted, c.redelivered, c.processed, c.twice, c.lost, retries,
		time.Since(start).Round(time.Millisecond))
	if len(killed) != len(kills) {
		t.Errorf("killed the plugin %d times, want %d", len(killed), len(kills))
	}
	w.wantEachNotedOnce(t, c, convs)
}
