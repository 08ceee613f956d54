// Package config reads the hub's settings from configs/sigsentry.yaml and the
// environment (which wins), fills defaults and rejects a bad value with a
// message that names its key and variable. It is for cmd/sigsentry only.
package config
