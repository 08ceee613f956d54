// Package sdktest is for tests that need a desk plugin as a real process:
// it builds a plugin's main package and starts the binary through go-plugin
// with the settings the hub uses (gRPC only, AutoMTLS, empty environment).
//
// Subpackage testdesk is a complete small desk plugin with a fake desk API
// to run it against.
package sdktest
