package sqlstore

import "github.com/sigsentry/hub/core"

// pageQuery appends the newest-first paging clauses to a query whose WHERE
// conditions are in where. It fetches one row more than the page holds, so
// that cutPage can tell whether another page follows.
func pageQuery(query string, where []string, args []any, page core.Page) (string, []any) {
	page = page.Normalize()
	if page.After != "" {
		where = append(where, "id < ?")
		args = append(args, page.After)
	}
	for i, w := range where {
		if i == 0 {
			query += " WHERE " + w
		} else {
			query += " AND " + w
		}
	}
	return query + " ORDER BY id DESC LIMIT ?", append(args, page.Limit+1)
}

// cutPage trims the extra row pageQuery asked for and returns the cursor of
// the next page: the last id shown, or "" when nothing follows.
func cutPage[T any](items []T, page core.Page, id func(T) string) ([]T, string) {
	page = page.Normalize()
	if len(items) <= page.Limit {
		return items, ""
	}
	items = items[:page.Limit]
	return items, id(items[len(items)-1])
}
