// Command sigsentry is the SigSentry hub and its command-line tools.
//
//	sigsentry serve      run the hub (HTTP API, webhooks, dashboard)
//	sigsentry triage     triage conversations read as JSON lines on stdin
//	sigsentry patterns   group log lines read on stdin into templates
//	sigsentry analyze    run one analysis over log files
//	sigsentry version    print the version
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: sigsentry <command> [flags]

commands:
  serve      run the hub (see configs/sigsentry.yaml for settings)
  triage     read conversations as JSON lines on stdin, write one triage per line
  patterns   read log messages on stdin, write "<group-id>\t<template>" per line
  analyze    run one analysis: --source file:PATH --from RFC3339 --to RFC3339 --text STRING [--service NAME]
  version    print the version
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "sigsentry", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	case "patterns":
		return patterns(args[1:], stdin, stdout, stderr)
	case "triage":
		return triageCmd(args[1:], stdin, stdout, stderr)
	case "analyze":
		return analyze(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "sigsentry: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
