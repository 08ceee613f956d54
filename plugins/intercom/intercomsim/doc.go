// Package intercomsim is a fake Intercom for tests and demos of SigSentry's Intercom plugin
// and hub: the REST API (OAuth, /me, conversation replies, updates and attribute
// definitions), checked request by request against Intercom's official OpenAPI 2.16
// description, and the traffic Intercom sends out (signed webhooks, Canvas Kit requests
// whose answers it validates, uninstall notifications). Its behaviour follows the public
// documentation as collected in /work/shared/intercom/FACTS.md; see README.md.
package intercomsim
