package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.uber.org/fx"

	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/cmd/sigsentry/wiring"
)

// startTimeout bounds opening the store, migrating and binding the port.
const startTimeout = 60 * time.Second

func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "configuration file (default $SIGSENTRY_CONFIG or "+config.DefaultPath+")")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := config.Load(*path, os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "sigsentry:", err)
		return 2
	}
	log := newLogger(cfg, stderr)
	app := fx.New(wiring.Options(cfg, log, stdout))
	if err := app.Err(); err != nil {
		log.Error("cannot assemble the hub", "error", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := app.Start(ctx); err != nil {
		log.Error("cannot start the hub", "error", err)
		return 1
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	s := <-sig
	log.Info("shutting down", "signal", s.String())
	stopCtx, stopCancel := context.WithTimeout(context.Background(), cfg.HTTP.ShutdownTimeout.Duration+5*time.Second)
	defer stopCancel()
	if err := app.Stop(stopCtx); err != nil {
		log.Error("unclean shutdown", "error", err)
		return 1
	}
	log.Info("stopped")
	return 0
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	level, _ := cfg.Log.SlogLevel() // validated by config.Load
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
