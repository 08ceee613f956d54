package dashboard

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Failed logins per client address: after maxLoginFailures within
// loginWindow, further attempts wait until the window has passed. The admin
// token is long and random, so this is not what keeps it safe; it keeps a
// script from filling the log and the CPU with guesses.
const (
	maxLoginFailures = 5
	loginWindow      = time.Minute
	// maxTrackedClients bounds the memory an address-rotating attacker can
	// make the limiter use.
	maxTrackedClients = 10_000
)

type loginAttempts struct {
	failures int
	first    time.Time
}

// loginLimiter counts failed logins per client address, in memory: each hub
// process counts its own, which is enough to slow guessing down.
type loginLimiter struct {
	mu      sync.Mutex
	clients map[string]*loginAttempts
	now     func() time.Time
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{clients: map[string]*loginAttempts{}, now: now}
}

// wait returns how long the client must wait before trying again (0: may try).
func (l *loginLimiter) wait(client string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.clients[client]
	if a == nil {
		return 0
	}
	left := a.first.Add(loginWindow).Sub(l.now())
	if left <= 0 {
		delete(l.clients, client)
		return 0
	}
	if a.failures < maxLoginFailures {
		return 0
	}
	return left
}

// failed records a failed attempt.
func (l *loginLimiter) failed(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	a := l.clients[client]
	if a == nil || now.Sub(a.first) >= loginWindow {
		if len(l.clients) >= maxTrackedClients {
			l.sweep(now)
		}
		a = &loginAttempts{first: now}
		l.clients[client] = a
	}
	a.failures++
}

// succeeded forgets the client's failures.
func (l *loginLimiter) succeeded(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.clients, client)
}

// sweep drops expired entries; when none expired it drops everything rather
// than grow without bound.
func (l *loginLimiter) sweep(now time.Time) {
	for k, a := range l.clients {
		if now.Sub(a.first) >= loginWindow {
			delete(l.clients, k)
		}
	}
	if len(l.clients) >= maxTrackedClients {
		clear(l.clients)
	}
}

// clientAddr is the peer's IP. Forwarded headers are ignored: anyone can set
// them, and honouring them would let a guesser pick a fresh address per try.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
