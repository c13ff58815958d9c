package strata

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// ResourcesService is client.Resources.
type ResourcesService struct{ c *Client }

// CreateResourceParams is the body of a new resource.
type CreateResourceParams struct {
	// Type is the resource type's name.
	Type string `json:"type"`
	// Attributes are validated against the type's JSON schema.
	Attributes map[string]any `json:"attributes"`
	// IdempotencyKey overrides the key the client generates (reuse one to make a create
	// that you repeat yourself, e.g. after a crash, happen once).
	IdempotencyKey string `json:"-"`
}

// Create makes a resource (POST /v2/resources). The client remembers its ETag for Update,
// Patch and Delete.
func (s *ResourcesService) Create(ctx context.Context, params CreateResourceParams) (*Resource, error) {
	if params.Attributes == nil {
		params.Attributes = map[string]any{}
	}
	r, resp, err := call[Resource](ctx, s.c, request{method: http.MethodPost, path: "/v2/resources",
		body: params, idempotencyKey: params.IdempotencyKey})
	if err != nil {
		return nil, err
	}
	s.c.rememberETag("resource:"+r.Id, resp.header.Get("ETag"))
	return r, nil
}

// Get reads a resource (GET /v2/resources/{id}) and remembers its ETag.
func (s *ResourcesService) Get(ctx context.Context, id string) (*Resource, error) {
	r, resp, err := call[Resource](ctx, s.c, request{method: http.MethodGet, path: "/v2/resources/" + url.PathEscape(id)})
	if err != nil {
		return nil, err
	}
	s.c.rememberETag("resource:"+r.Id, resp.header.Get("ETag"))
	return r, nil
}

// WriteOptions are the preconditions of a change.
type WriteOptions struct {
	// IfMatch is sent as If-Match. Empty means the ETag the client last saw for the
	// resource (from Create, Get, Update or Patch); a change is then refused with 412 if
	// someone else changed the resource since.
	IfMatch string
}

func (s *ResourcesService) ifMatch(id string, opts []WriteOptions) string {
	for _, o := range opts {
		if o.IfMatch != "" {
			return o.IfMatch
		}
	}
	return s.c.lastETag("resource:" + id)
}

// ETag is the ETag the client last saw for a resource ("" if none).
func (s *ResourcesService) ETag(id string) string { return s.c.lastETag("resource:" + id) }

// Update replaces a resource's attributes in full (PUT /v2/resources/{id}) with If-Match.
func (s *ResourcesService) Update(ctx context.Context, id string, attributes map[string]any, opts ...WriteOptions) (*Resource, error) {
	if attributes == nil {
		attributes = map[string]any{}
	}
	return s.write(ctx, http.MethodPut, id, map[string]any{"attributes": attributes}, "", opts)
}

// Patch changes some attributes (PATCH /v2/resources/{id}, a JSON merge patch: a nil value
// removes an attribute) with If-Match.
func (s *ResourcesService) Patch(ctx context.Context, id string, attributes map[string]any, opts ...WriteOptions) (*Resource, error) {
	if attributes == nil {
		attributes = map[string]any{}
	}
	return s.write(ctx, http.MethodPatch, id, map[string]any{"attributes": attributes}, "application/merge-patch+json", opts)
}

func (s *ResourcesService) write(ctx context.Context, method, id string, body any, contentType string, opts []WriteOptions) (*Resource, error) {
	r, resp, err := call[Resource](ctx, s.c, request{method: method, path: "/v2/resources/" + url.PathEscape(id),
		body: body, contentType: contentType, ifMatch: s.ifMatch(id, opts)})
	if err != nil {
		return nil, err
	}
	s.c.rememberETag("resource:"+r.Id, resp.header.Get("ETag"))
	return r, nil
}

// Delete deletes a resource (DELETE /v2/resources/{id}) with If-Match.
func (s *ResourcesService) Delete(ctx context.Context, id string, opts ...WriteOptions) error {
	_, err := s.c.send(ctx, request{method: http.MethodDelete, path: "/v2/resources/" + url.PathEscape(id),
		ifMatch: s.ifMatch(id, opts)})
	if err == nil {
		s.c.forgetETag("resource:" + id)
	}
	return err
}

// RunActionParams starts an action of the resources' lifecycle.
type RunActionParams struct {
	Action      string         `json:"action"`
	ResourceIDs []string       `json:"resource_ids"`
	Input       map[string]any `json:"input,omitempty"`
	// IdempotencyKey overrides the key the client generates.
	IdempotencyKey string `json:"-"`
}

// RunAction starts an action on resources (POST /v2/resources/actions): one operation per
// resource; wait for them with Operations.Wait.
func (s *ResourcesService) RunAction(ctx context.Context, params RunActionParams) (*ActionResult, error) {
	r, _, err := call[ActionResult](ctx, s.c, request{method: http.MethodPost, path: "/v2/resources/actions",
		body: params, idempotencyKey: params.IdempotencyKey})
	return r, err
}

// ListResourcesParams filters and orders the search over resources.
type ListResourcesParams struct {
	// Filter is an AIP-160 filter, e.g. `type = "ticket" AND attributes.priority <= 3`.
	Filter string
	// Query is a full-text query over attributes.
	Query string
	// OrderBy is e.g. "created_at desc".
	OrderBy string
	// PageSize is how many resources each request fetches.
	PageSize int
}

// List iterates over every resource matching params (GET /v2/resources), page by page.
// The search index is eventually consistent: a resource shows up about a second after
// it was written.
//
//	for r, err := range client.Resources.List(ctx, strata.ListResourcesParams{Filter: `type = "ticket"`}) {
//		if err != nil { return err }
//		fmt.Println(r.Id)
//	}
func (s *ResourcesService) List(ctx context.Context, params ListResourcesParams) iter.Seq2[Resource, error] {
	q := ListParams{PageSize: params.PageSize}.apply(nil)
	setIf(q, "filter", params.Filter)
	setIf(q, "q", params.Query)
	setIf(q, "order_by", params.OrderBy)
	return paginate[Resource](ctx, s.c, "/v2/resources", q)
}
