package strata

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// page is the one list answer of the API: {"items": [...], "next_page_token": "..."|null}.
type page[T any] struct {
	Items         []T     `json:"items"`
	NextPageToken *string `json:"next_page_token"`
}

// paginate returns an iterator over every item of a list, fetching the next page (GET
// path with query plus page_token) only when the caller has used the previous one. An
// error ends the iteration after being yielded once. Breaking out of the loop stops it.
func paginate[T any](ctx context.Context, c *Client, path string, query url.Values) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		q := url.Values{}
		for k, v := range query {
			q[k] = append([]string(nil), v...)
		}
		for {
			p, _, err := call[page[T]](ctx, c, request{method: "GET", path: path, query: q})
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range p.Items {
				if !yield(item, nil) {
					return
				}
			}
			if p.NextPageToken == nil || *p.NextPageToken == "" {
				return
			}
			q.Set("page_token", *p.NextPageToken)
		}
	}
}

// ListParams are the paging parameters every list takes.
type ListParams struct {
	// PageSize is how many items each page (each request) holds; 0 means the server's default.
	PageSize int
}

func (p ListParams) apply(q url.Values) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if p.PageSize > 0 {
		q.Set("page_size", strconv.Itoa(p.PageSize))
	}
	return q
}

func setIf(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}

// Collect drains an iterator into a slice, stopping at the first error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for item, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, item)
	}
	return out, nil
}
