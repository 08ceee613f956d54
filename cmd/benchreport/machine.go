package main

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// machine describes where the benchmarks ran.
type machine struct {
	CPUModel string
	CPUs     int    // online CPUs (nproc)
	MemTotal string // /proc/meminfo MemTotal
	GoVer    string
	OS       string // uname -srmo
	Commit   string
	BenchCPU string // go test's own "cpu:" line
	Load     string // /proc/loadavg when the run started
}

// loadavg returns the 1, 5 and 15 minute load averages.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func describeMachine(goCmd string) machine {
	m := machine{CPUs: runtime.NumCPU()}
	m.CPUModel = procField("/proc/cpuinfo", "model name")
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		if n, err := strconv.ParseFloat(strings.TrimSuffix(kb, " kB"), 64); err == nil {
			m.MemTotal = strconv.FormatFloat(n/(1<<20), 'f', 1, 64) + " GiB"
		} else {
			m.MemTotal = kb
		}
	}
	if n := cmdOut("nproc"); n != "" {
		if v, err := strconv.Atoi(n); err == nil {
			m.CPUs = v
		}
	}
	m.Load = loadavg()
	m.GoVer = cmdOut(goCmd, "version")
	m.OS = cmdOut("uname", "-srmo")
	if m.OS == "" {
		m.OS = runtime.GOOS + "/" + runtime.GOARCH
	}
	m.Commit = cmdOut("git", "rev-parse", "--short=12", "HEAD")
	if m.Commit != "" && cmdOut("git", "status", "--porcelain", "--untracked-files=no") != "" {
		m.Commit += " (with uncommitted changes)"
	}
	return m
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func cmdOut(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
