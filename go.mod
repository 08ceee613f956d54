module github.com/sigsentry/hub

go 1.26
