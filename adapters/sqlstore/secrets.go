package sqlstore

import (
	"encoding/json"
	"fmt"
)

// Associated data binds each sealed value to its column and row: a value
// copied to another row, or from a token column to a credentials column,
// does not open.
func credentialsAD(logSourceID string) []byte {
	return []byte("log_sources.credentials:" + logSourceID)
}

func tokenAD(bindingID string) []byte {
	return []byte("bindings.token:" + bindingID)
}

// seal encodes v as JSON and seals it.
func (s *Store) seal(v any, ad []byte) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode secret: %w", err)
	}
	sealed, err := s.box.Seal(plain, ad)
	if err != nil {
		return nil, fmt.Errorf("seal secret: %w", err)
	}
	return sealed, nil
}

// open reverses seal into v; NULL leaves v untouched.
func (s *Store) open(sealed []byte, ad []byte, v any) error {
	if sealed == nil {
		return nil
	}
	plain, err := s.box.Open(sealed, ad)
	if err != nil {
		return fmt.Errorf("open secret (was the encryption key changed?): %w", err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return fmt.Errorf("decode secret: %w", err)
	}
	return nil
}
