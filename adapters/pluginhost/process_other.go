//go:build !linux

package pluginhost

import "syscall"

// sysProcAttr has no parent-death signal to ask for outside Linux; there the
// plugin's own parent watch (sdk.Serve exits when its parent changes) is what
// ends a plugin whose hub died.
func sysProcAttr() *syscall.SysProcAttr { return nil }
