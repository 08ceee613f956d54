package pluginhost

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
)

// maxLine bounds one forwarded stdio line so a plugin spewing binary data
// without newlines cannot grow the hub's memory.
const maxLine = 4 << 10

// lineLogger turns what a plugin writes to its stdout or stderr after the
// handshake (go-plugin streams it to SyncStdout/SyncStderr) into log lines.
// A plugin should never print there; logging the lines at warn makes such a
// plugin visible instead of losing the output.
type lineLogger struct {
	log    *slog.Logger
	level  slog.Level
	msg    string
	redact *redactor

	mu  sync.Mutex
	buf []byte
}

func (w *lineLogger) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			for len(w.buf) >= maxLine {
				w.emit(w.buf[:maxLine])
				w.buf = w.buf[maxLine:]
			}
			return len(p), nil
		}
		w.emit(w.buf[:i])
		w.buf = w.buf[i+1:]
	}
}

// Flush writes a last line that had no newline.
func (w *lineLogger) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.emit(w.buf)
		w.buf = nil
	}
}

func (w *lineLogger) emit(line []byte) {
	text := strings.TrimRight(string(line), "\r")
	if len(text) > maxLine {
		text = text[:maxLine]
	}
	if strings.TrimSpace(text) == "" {
		return
	}
	w.log.Log(context.Background(), w.level, w.msg, "line", w.redact.string(text))
}
