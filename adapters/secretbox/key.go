package secretbox

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// KeyFile is the name of the key file LoadOrCreateKey keeps in the data
// directory.
const KeyFile = "encryption.key"

// keyHint tells an operator how to make a valid key.
const keyHint = "want base64 of 32 random bytes, e.g. from `openssl rand -base64 32`"

// ParseKey reads a key written as base64, standard or URL-safe alphabet, with
// or without padding; surrounding white space is ignored. Errors describe
// what is wrong without repeating the key.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("encryption key is empty; %s", keyHint)
	}
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		key, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("encryption key decodes to %d bytes; %s", len(key), keyHint)
		}
		return key, nil
	}
	return nil, fmt.Errorf("encryption key is not valid base64; %s", keyHint)
}

// LoadOrCreateKey reads the key in <dataDir>/encryption.key, or creates that
// file (mode 0600, directory 0700) with a new random key and reports
// created. Two processes starting at once end up with the same key: the file
// is created atomically and never overwritten.
//
// A key file that other users may read or write is refused, as ssh refuses a
// private key: anyone who reads it can open every stored secret.
func LoadOrCreateKey(dataDir string) (key []byte, created bool, err error) {
	path := filepath.Join(dataDir, KeyFile)
	key, err = readKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, false, fmt.Errorf("create data directory for the encryption key: %w", err)
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, fmt.Errorf("generate encryption key: %w", err)
	}
	created, err = createKeyFile(path, key)
	if err != nil {
		return nil, false, err
	}
	if !created { // another process created it first: use theirs
		key, err = readKeyFile(path)
		return key, false, err
	}
	return key, true, nil
}

func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read encryption key: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read encryption key: %w", err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("encryption key file %s is accessible by other users (mode %04o); run: chmod 600 %s",
			path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, fmt.Errorf("read encryption key %s: %w", path, err)
	}
	key, err := ParseKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return key, nil
}

// createKeyFile writes key to a temporary file and links it into place, so
// that no reader sees a half-written key and an existing file is never
// replaced. It reports false when path already exists.
func createKeyFile(path string, key []byte) (bool, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".encryption.key-*") // mode 0600
	if err != nil {
		return false, fmt.Errorf("create encryption key: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err == nil {
		err = tmp.Chmod(0o600)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("write encryption key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("create encryption key %s: %w", path, err)
	}
	syncDir(dir)
	return true, nil
}

// syncDir makes the new directory entry durable: losing the key after a
// crash would lose every secret sealed with it. Best effort: some systems
// cannot sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
