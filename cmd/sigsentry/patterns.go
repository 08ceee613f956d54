package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sigsentry/hub/core/pattern"
)

// patterns implements `sigsentry patterns`: log messages on stdin, one per
// line; on stdout, for every input line in order, "<group-id>\t<template>".
//
// It works in two passes: every line is mined first, then each line is
// printed with its group's final id and template. Templates generalise as
// lines arrive, so the first lines of a group would otherwise show a
// template the group no longer has. Only one cluster reference per line is
// kept between the passes, never the lines themselves.
func patterns(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("patterns", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sigsentry patterns < messages.log\n\n"+
			"Reads log messages, one per line, and writes \"<group-id>\\t<template>\" for each.")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}

	miner := pattern.New(pattern.Config{})
	var joined []*pattern.Cluster
	err := eachLine(stdin, func(line []byte) {
		joined = append(joined, miner.Add(line))
	})
	if err != nil {
		fmt.Fprintln(stderr, "sigsentry patterns: reading stdin:", err)
		return 1
	}

	out := bufio.NewWriterSize(stdout, 64<<10)
	rendered := map[*pattern.Cluster]string{}
	for _, c := range joined {
		s, ok := rendered[c]
		if !ok {
			// Templates hold the lines' own bytes: keep the output valid
			// UTF-8 whatever came in.
			s = c.ID() + "\t" + strings.ToValidUTF8(c.Template(), "\uFFFD") + "\n"
			rendered[c] = s
		}
		out.WriteString(s)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(stderr, "sigsentry patterns: writing stdout:", err)
		return 1
	}
	return 0
}

// eachLine calls fn with every line of r without its line ending ("\n" or
// "\r\n"), however long the line. A last line without a newline counts.
func eachLine(r io.Reader, fn func([]byte)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte // a line longer than the reader's buffer, gathered here
	gathering := false
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if !gathering {
				long, gathering = long[:0], true
			}
			long = append(long, chunk...)
			continue
		}
		line := chunk
		if gathering {
			long = append(long, chunk...)
			line, gathering = long, false
		}
		if len(line) > 0 { // empty only at the end of the input
			line = bytes.TrimSuffix(line, []byte("\n"))
			fn(bytes.TrimSuffix(line, []byte("\r")))
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
