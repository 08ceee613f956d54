// Package wiring assembles the hub from its parts with go.uber.org/fx. It is
// the only package besides cmd/sigsentry that imports fx: every constructor it
// calls is a plain function usable without fx.
package wiring
