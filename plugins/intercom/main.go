// Command sigsentry-intercom is the Intercom desk plugin. The hub starts it;
// it is not meant to be run by hand.
package main

import (
	"github.com/sigsentry/hub/plugins/intercom/intercomdesk"
	"github.com/sigsentry/hub/plugins/sdk"
)

func main() { sdk.Serve(intercomdesk.New()) }
