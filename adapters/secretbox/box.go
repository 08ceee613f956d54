package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// KeySize is the length of an encryption key: AES-256.
const KeySize = 32

// Sealed values are laid out as
//
//	version (1 byte) · nonce (12 bytes) · AES-256-GCM ciphertext and tag
//
// The version byte leaves room for another algorithm or a key rotation
// without guessing at the format of rows already written.
const (
	version1  byte = 1
	nonceSize      = 12
	overhead       = 1 + nonceSize + 16
)

var (
	// ErrOpen means a sealed value does not open: it was sealed with another
	// key, altered, or copied from another row (its associated data differs).
	ErrOpen = errors.New("secretbox: sealed value does not open (wrong key, altered data or copied from another row)")
	// ErrFormat means the value is not something Seal produced.
	ErrFormat = errors.New("secretbox: not a sealed value")
)

// Box seals and opens values with one key. It is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
}

// New returns a Box for a KeySize-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secretbox: key is %d bytes; want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secretbox: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secretbox: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext under a fresh random nonce. associatedData is not
// stored but must be given again to Open: binding a value to its row (for
// example its id) makes a value copied to another row fail to open.
func (b *Box) Seal(plaintext, associatedData []byte) ([]byte, error) {
	out := make([]byte, 1+nonceSize, overhead+len(plaintext))
	out[0] = version1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("secretbox: read random nonce: %w", err)
	}
	return b.aead.Seal(out, out[1:], plaintext, associatedData), nil
}

// Open decrypts a value produced by Seal with the same associatedData. It
// returns ErrFormat for values Seal cannot have produced and ErrOpen when
// authentication fails.
func (b *Box) Open(sealed, associatedData []byte) ([]byte, error) {
	if len(sealed) < overhead {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrFormat, len(sealed))
	}
	if sealed[0] != version1 {
		return nil, fmt.Errorf("%w: unknown version %d", ErrFormat, sealed[0])
	}
	nonce, ciphertext := sealed[1:1+nonceSize], sealed[1+nonceSize:]
	plaintext, err := b.aead.Open(nil, nonce, ciphertext, associatedData)
	if err != nil {
		return nil, ErrOpen
	}
	return plaintext, nil
}
