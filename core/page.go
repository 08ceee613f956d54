package core

// Page asks for one page of a newest-first listing. After is the cursor
// returned with the previous page (empty for the first page).
type Page struct {
	Limit int
	After string
}

// Page size bounds: small enough to keep one answer quick, large enough for a
// dashboard table.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 200
)

// Normalize fills the default limit and caps it.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageLimit
	}
	if p.Limit > MaxPageLimit {
		p.Limit = MaxPageLimit
	}
	return p
}
