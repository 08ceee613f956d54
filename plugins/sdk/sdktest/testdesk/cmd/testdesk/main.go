// Command testdesk is the test desk plugin binary; see package testdesk.
package main

import (
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

func main() { sdk.Serve(testdesk.New()) }
