package redisqueue_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/adapters/redisqueue"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// throwaway is a redis-server of the test's own, persisting to an AOF in
// dir so that it can be killed and started again with its data.
type throwaway struct {
	t    *testing.T
	bin  string
	port int
	dir  string
	cmd  *exec.Cmd
}

func startThrowaway(t *testing.T) *throwaway {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed; this test starts and kills its own")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &throwaway{t: t, bin: bin, port: port, dir: t.TempDir()}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func (s *throwaway) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// start runs the server and waits until it answers. appendfsync always
// makes every acknowledged write reach the disk before the reply, so that
// "nothing acknowledged is lost" is a property of the queue we can test
// with kill -9; production runs everysec (see doc.go).
func (s *throwaway) start() {
	s.t.Helper()
	logf, err := os.OpenFile(filepath.Join(s.dir, "redis.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	s.cmd = exec.Command(s.bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "yes", "--appendfsync", "always", "--dir", s.dir)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	c := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for c.Ping(s.t.Context()).Err() != nil {
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			s.t.Fatalf("redis-server on port %d did not answer within 10s:\n%s", s.port, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the server with SIGKILL: no chance to flush anything.
func (s *throwaway) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

// A Redis crash in the middle of enqueuing and leasing loses no job whose
// EnqueueOnce returned nil, and no job is acknowledged twice. Producers
// retry a key until EnqueueOnce answers, as the desk retries an
// unacknowledged webhook; workers go on leasing through the outage.
func TestRedisCrashLosesNoAcceptedJob(t *testing.T) {
	srv := startThrowaway(t)
	redis.SetLogger(quiet{}) // the client logs every failed dial of the outage
	client := redis.NewClient(&redis.Options{Addr: srv.addr(), DialTimeout: 300 * time.Millisecond,
		ReadTimeout: time.Second, WriteTimeout: time.Second, MaxRetries: 1})
	t.Cleanup(func() { client.Close() })
	q, err := redisqueue.New(client, redisqueue.Options{Prefix: "crash:", LeaseTime: time.Second,
		MaxAttempts: 1000, PromoteEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	q.Start()
	t.Cleanup(func() { q.Close() })

	var (
		mu                sync.Mutex
		accepted          = map[string]bool{}
		delivered, acked  = map[string]int{}, map[string]int{}
		enqErrs, leaseErr atomic.Int64
		stopProducers     atomic.Bool
		drained           atomic.Bool
		wg, producers     sync.WaitGroup
	)
	for p := range 4 {
		producers.Go(func() {
			for n := 0; !stopProducers.Load(); n++ {
				key := fmt.Sprintf("p%d-%d", p, n)
				job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte(key)}
				for {
					_, err := q.EnqueueOnce(t.Context(), key, time.Hour, job)
					if err == nil {
						mu.Lock()
						accepted[key] = true
						mu.Unlock()
						break
					}
					enqErrs.Add(1)
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
	for w := range 4 {
		wg.Go(func() {
			for !drained.Load() {
				l, err := q.Lease(t.Context(), fmt.Sprint("worker-", w), 100*time.Millisecond)
				if err != nil {
					leaseErr.Add(1)
					time.Sleep(20 * time.Millisecond)
					continue
				}
				if l == nil {
					continue
				}
				key := string(l.Job.Payload)
				mu.Lock()
				delivered[key]++
				mu.Unlock()
				for {
					err := q.Ack(t.Context(), l)
					if err == nil {
						mu.Lock()
						acked[key]++
						mu.Unlock()
					}
					// A conflict: the job is someone else's now, or an
					// earlier try whose reply was lost acked it.
					if err == nil || core.ErrorCode(err) == core.ErrConflict {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}

	count := func() (int, int) { mu.Lock(); defer mu.Unlock(); return len(accepted), len(delivered) }
	waitFor := func(what string, d time.Duration, cond func() bool) {
		deadline := time.Now().Add(d)
		for !cond() {
			if time.Now().After(deadline) {
				a, dl := count()
				t.Fatalf("%s: not within %v (accepted %d, delivered %d)", what, d, a, dl)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("traffic before the crash", 10*time.Second, func() bool { a, d := count(); return a >= 200 && d >= 100 })
	srv.kill()
	if l, err := q.Lease(t.Context(), "probe", 200*time.Millisecond); err == nil {
		t.Errorf("Lease with Redis down returned %v and no error", l)
	}
	before, _ := count()
	time.Sleep(300 * time.Millisecond) // an outage long enough for every worker to hit it
	srv.start()
	waitFor("traffic after the restart", 15*time.Second, func() bool { a, _ := count(); return a >= before+200 })
	stopProducers.Store(true)
	// An enqueue in flight when producers were told to stop still counts:
	// wait for it, so that "every accepted job" means every one.
	producers.Wait()
	waitFor("every accepted job delivered", 30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for key := range accepted {
			if delivered[key] == 0 {
				return false
			}
		}
		return true
	})
	drained.Store(true)
	wg.Wait()

	redeliveries, doubleAcks := 0, 0
	for key, n := range delivered {
		redeliveries += n - 1
		if acked[key] > 1 {
			doubleAcks++
			t.Errorf("job %s acknowledged %d times", key, acked[key])
		}
	}
	t.Logf("accepted %d, delivered %d (%d redeliveries), lost 0, acknowledged twice %d; errors during the outage: %d enqueue, %d lease",
		len(accepted), len(delivered), redeliveries, doubleAcks, enqErrs.Load(), leaseErr.Load())
	if n, err := client.XLen(t.Context(), "crash:{jobs}:stream").Result(); err != nil || n != 0 {
		t.Errorf("%d entries left in the stream (err %v), want none", n, err)
	}
	if enqErrs.Load()+leaseErr.Load() == 0 {
		t.Error("no call failed while Redis was down: the crash did not happen")
	}
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
