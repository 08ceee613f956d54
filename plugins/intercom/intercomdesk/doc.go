// Package intercomdesk is the Intercom desk plugin: it translates between
// Intercom (OAuth, webhooks, the REST API 2.16, Canvas Kit) and SigSentry's
// desk protocol. It holds no state: the hub sends the workspace's token and
// install facts with every call. Behaviour follows ../shared/intercom/FACTS.md;
// comments cite its sections as FACTS §n.
package intercomdesk
