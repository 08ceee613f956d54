package secretbox_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/sigsentry/hub/adapters/secretbox"
)

func newBox(t *testing.T) *secretbox.Box {
	t.Helper()
	key := make([]byte, secretbox.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	box, err := secretbox.New(key)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return box
}

func TestSealOpenRoundTrip(t *testing.T) {
	box := newBox(t)
	for _, plaintext := range [][]byte{nil, {}, []byte("xoxb-secret-token"), bytes.Repeat([]byte{0xff}, 4096)} {
		sealed, err := box.Seal(plaintext, []byte("bnd_1"))
		if err != nil {
			t.Fatalf("Seal: %v", err)
		}
		if len(plaintext) > 0 && bytes.Contains(sealed, plaintext) {
			t.Fatalf("sealed value contains the plaintext")
		}
		got, err := box.Open(sealed, []byte("bnd_1"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if !bytes.Equal(got, plaintext) {
			t.Fatalf("Open = %q, want %q", got, plaintext)
		}
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	box := newBox(t)
	a, _ := box.Seal([]byte("same"), nil)
	b, _ := box.Seal([]byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same plaintext are identical; the nonce is not random")
	}
	if a[0] != 1 || len(a) != 1+12+len("same")+16 {
		t.Fatalf("layout: version %d, length %d", a[0], len(a))
	}
}

func TestOpenDetectsTampering(t *testing.T) {
	box := newBox(t)
	sealed, _ := box.Seal([]byte("password=hunter2"), []byte("lsrc_1"))
	for i := 1; i < len(sealed); i++ { // every byte after the version
		altered := bytes.Clone(sealed)
		altered[i] ^= 0x01
		if _, err := box.Open(altered, []byte("lsrc_1")); !errors.Is(err, secretbox.ErrOpen) {
			t.Fatalf("byte %d flipped: err = %v, want ErrOpen", i, err)
		}
	}
	if _, err := box.Open(sealed[:len(sealed)-1], []byte("lsrc_1")); !errors.Is(err, secretbox.ErrOpen) {
		t.Fatalf("truncated: err = %v, want ErrOpen", err)
	}
}

func TestOpenRejectsOtherRowsAndKeys(t *testing.T) {
	box := newBox(t)
	sealed, _ := box.Seal([]byte("token"), []byte("bnd_a"))
	if _, err := box.Open(sealed, []byte("bnd_b")); !errors.Is(err, secretbox.ErrOpen) {
		t.Fatalf("wrong associated data: err = %v, want ErrOpen", err)
	}
	if _, err := box.Open(sealed, nil); !errors.Is(err, secretbox.ErrOpen) {
		t.Fatalf("missing associated data: err = %v, want ErrOpen", err)
	}
	if _, err := newBox(t).Open(sealed, []byte("bnd_a")); !errors.Is(err, secretbox.ErrOpen) {
		t.Fatalf("wrong key: err = %v, want ErrOpen", err)
	}
}

func TestOpenRejectsMalformedValues(t *testing.T) {
	box := newBox(t)
	sealed, _ := box.Seal([]byte("x"), nil)
	wrongVersion := bytes.Clone(sealed)
	wrongVersion[0] = 2
	for name, v := range map[string][]byte{
		"empty":         nil,
		"too short":     sealed[:20],
		"wrong version": wrongVersion,
	} {
		if _, err := box.Open(v, nil); !errors.Is(err, secretbox.ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}

func TestNewRejectsWrongKeySizes(t *testing.T) {
	for _, n := range []int{0, 16, 24, 31, 33, 64} {
		if _, err := secretbox.New(make([]byte, n)); err == nil {
			t.Errorf("New accepted a %d-byte key", n)
		}
	}
}
