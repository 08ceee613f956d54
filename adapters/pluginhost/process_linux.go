//go:build linux

package pluginhost

import "syscall"

// sysProcAttr makes sure no plugin outlives the hub.
//
// Pdeathsig asks Linux to SIGKILL the plugin when its parent dies, even when
// the hub itself is SIGKILLed and cannot clean up. Linux ties the signal to
// the parent *thread* that forked the child, not the process: if that OS
// thread ends (the Go runtime ends threads whose goroutine exits while
// locked to them) the plugin would be killed for no reason. So each
// supervisor locks its goroutine to its thread for as long as it manages a
// process, and starts every run of its plugin from there (supervisor.run).
//
// Setpgid puts the plugin in its own process group, so the signals a
// terminal sends its foreground group (Ctrl-C, Ctrl-\, hang-up) reach the
// hub alone: the hub then stops its plugins in order, instead of plugins
// dying under it and being counted as crashes while it shuts down.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
}
