package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Timeouts of the hub's HTTP server. They bound what a slow or hostile client
// can hold: headers must arrive quickly (Slowloris), a whole request within
// ReadTimeout. Desks expect answers in seconds (Intercom's canvas waits 10 s),
// so WriteTimeout is generous only for the slowest admin listing.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
)

// Server is the hub's HTTP server: an http.Server with sane timeouts, that
// listens when started and drains gracefully when shut down.
type Server struct {
	srv *http.Server
	log *slog.Logger

	mu      sync.Mutex
	started bool
	served  chan error // receives Serve's result once it returns
}

// NewServer returns a server for h on addr (":8080", "127.0.0.1:0", …). It
// does not listen until Start.
func NewServer(addr string, h http.Handler, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{
		log: log,
		srv: &http.Server{
			Addr:              addr,
			Handler:           h,
			ReadHeaderTimeout: readHeaderTimeout,
			ReadTimeout:       readTimeout,
			WriteTimeout:      writeTimeout,
			IdleTimeout:       idleTimeout,
			MaxHeaderBytes:    maxHeaderBytes,
			// net/http's own complaints (TLS handshakes, bad requests) join
			// the structured log instead of going to stderr.
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		served: make(chan error, 1),
	}
}

// Start listens on the address and serves in a goroutine. It returns the
// bound address, which tells the port when the address asked for ":0".
// Listening happens before Start returns, so a port in use is an error here
// rather than a log line later.
func (s *Server) Start() (net.Addr, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return nil, errors.New("httpapi: server already started")
	}
	ln, err := net.Listen("tcp", s.srv.Addr)
	if err != nil {
		return nil, fmt.Errorf("httpapi: listen on %s: %w", s.srv.Addr, err)
	}
	s.started = true
	s.log.Info("http server listening", "addr", ln.Addr().String())
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		} else {
			s.log.Error("http server stopped serving", "error", err)
		}
		s.served <- err
	}()
	return ln.Addr(), nil
}

// Shutdown stops accepting connections and waits, until ctx ends, for the
// requests in flight to finish. It returns the error that stopped serving,
// if serving failed on its own before. A server never started shuts down at
// once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	if err := s.srv.Shutdown(ctx); err != nil {
		// In-flight requests outlived ctx: cut them rather than hang.
		_ = s.srv.Close()
		return fmt.Errorf("httpapi: graceful shutdown: %w", err)
	}
	if !started {
		return nil
	}
	select {
	case err := <-s.served:
		s.served <- err // later calls see the same result
		return err
	case <-ctx.Done():
		return fmt.Errorf("httpapi: waiting for the server to stop: %w", ctx.Err())
	}
}
