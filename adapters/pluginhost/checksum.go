package pluginhost

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// SidecarSuffix names the file `make build` writes beside each plugin
// binary: <executable>.sha256 holding the binary's hex digest.
const SidecarSuffix = ".sha256"

// checksum is a binary's digest and what pinned it ("" when nothing did).
type checksum struct {
	digest   []byte
	pinnedBy string
}

// verifyChecksum hashes the binary at real and compares it with every pin
// there is: the manifest's sha256 (an operator's pin for a binary they did
// not build) and the sidecar next to the binary as the manifest names it
// (written by `make build`). All pins present must match.
func verifyChecksum(real, named, manifestPin string) (checksum, error) {
	digest, err := fileSHA256(real)
	if err != nil {
		return checksum{}, err
	}
	got := hex.EncodeToString(digest)
	var pins []string
	if manifestPin != "" {
		if manifestPin != got {
			return checksum{}, fmt.Errorf("checksum mismatch: %s has sha256 %s but the manifest pins %s; "+
				"install the binary the manifest was written for, or update its sha256", named, got, manifestPin)
		}
		pins = append(pins, "manifest")
	}
	sidecar := named + SidecarSuffix
	want, err := readSidecar(sidecar)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return checksum{}, err
	case want != got:
		return checksum{}, fmt.Errorf("checksum mismatch: %s has sha256 %s but %s says %s; "+
			"the binary changed after it was built: run `make build`", named, got, sidecar, want)
	default:
		pins = append(pins, sidecar)
	}
	return checksum{digest: digest, pinnedBy: strings.Join(pins, ", ")}, nil
}

// readSidecar reads a sha256sum-style file: the hex digest, optionally
// followed by the file name.
func readSidecar(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		return "", fmt.Errorf("read checksum file: %w", err)
	}
	fields := bytes.Fields(data)
	if len(fields) == 0 {
		return "", fmt.Errorf("checksum file %s is empty; run `make build`", path)
	}
	want := strings.ToLower(string(fields[0]))
	if b, err := hex.DecodeString(want); err != nil || len(b) != sha256.Size {
		return "", fmt.Errorf("checksum file %s does not hold a sha256 hex digest; run `make build`", path)
	}
	return want, nil
}

func fileSHA256(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open executable: %w", err)
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("hash executable %s: %w", path, err)
	}
	return h.Sum(nil), nil
}
