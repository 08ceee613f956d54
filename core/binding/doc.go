// Package binding connects a project to one support-desk workspace: the
// install state, the OAuth token, the posting configuration an admin edits and
// the health an operator watches. It declares the Store and Desk ports its use
// cases need.
package binding
