// Package logsources opens the log sources of a project by their type (file,
// loki, elastic) for the analysis engine, and reads a few recent lines from
// one for "test connection". It is the analysis.Sources adapter that cmd/
// wires; the sources themselves live in adapters/logfile, adapters/loki and
// adapters/elastic, and their settings are documented there.
//
// Secrets never leave through it: errors name the setting to check
// (credentials.password), never its value, and any secret a server echoes
// back is removed.
package logsources
