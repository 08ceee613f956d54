// Package panel builds the sidebar panel support agents see next to a
// conversation in their desk (Intercom's Canvas Kit): the triage, recent
// analyses and a "Run analysis" button. It decides what the panel says in
// desk-neutral terms; the desk plugin renders it.
package panel
