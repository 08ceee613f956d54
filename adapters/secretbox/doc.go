// Package secretbox seals the hub's secrets at rest (desk OAuth tokens, log
// source credentials) with AES-256-GCM, for the stores that persist them. It
// also reads and creates the hub's encryption key.
package secretbox
