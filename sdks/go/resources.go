package strata

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"

	"github.com/strata-platform/strata/sdks/go/api"
)

// ResourcesService is client.Resources.
type ResourcesService struct{ c *Client }

// CreateResourceParams is the body of a new resource.
type CreateResourceParams struct {
	// Type is the resource type's name.
	Type string
	// Attributes are validated against the type's JSON schema.
	Attributes map[string]any
	// IdempotencyKey overrides the key the client generates (reuse one to make a create
	// that you repeat yourself, e.g. after a crash, happen once).
	IdempotencyKey string
}

// Create makes a resource (POST /v2/resources). The client remembers its ETag for Update,
// Patch and Delete.
func (s *ResourcesService) Create(ctx context.Context, params CreateResourceParams) (*Resource, error) {
	body := api.CreateRequest{Type: params.Type, Attributes: orEmpty(params.Attributes)}
	r, resp, err := call[Resource](ctx, s.c, request{method: http.MethodPost, path: "/v2/resources",
		body: body, idempotencyKey: params.IdempotencyKey})
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
	return s.write(ctx, http.MethodPut, id, api.ReplaceRequest{Attributes: orEmpty(attributes)}, "", opts)
}

// Patch changes some attributes (PATCH /v2/resources/{id}, a JSON merge patch: a nil value
// removes an attribute) with If-Match.
func (s *ResourcesService) Patch(ctx context.Context, id string, attributes map[string]any, opts ...WriteOptions) (*Resource, error) {
	return s.write(ctx, http.MethodPatch, id, api.ResourcePatch{Attributes: orEmpty(attributes)}, "application/merge-patch+json", opts)
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
	// Action is the name of an action of the resources' type.
	Action string
	// ResourceIDs are the resources to run it on (1 to 100).
	ResourceIDs []string
	// Input is checked against the action's input schema (nil sends none).
	Input map[string]any
	// IdempotencyKey overrides the key the client generates.
	IdempotencyKey string
}

// RunAction starts an action on resources (POST /v2/resources/actions): one operation per
// resource it could start on, in request order; wait for them with Operations.Wait. A
// resource the action was refused on (e.g. not in a state it starts from) has Status
// ActionRejected and the problem in Error, and no Id (OperationIDs sorts them out). When
// it was refused on every resource the call fails with a 409 *Error instead.
func (s *ResourcesService) RunAction(ctx context.Context, params RunActionParams) (*ActionResult, error) {
	body := api.ActionRequest{Action: params.Action, ResourceIds: params.ResourceIDs}
	if body.ResourceIds == nil {
		body.ResourceIds = []string{}
	}
	if params.Input != nil {
		body.Input = params.Input
	}
	r, _, err := call[ActionResult](ctx, s.c, request{method: http.MethodPost, path: "/v2/resources/actions",
		body: body, idempotencyKey: params.IdempotencyKey})
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

// orEmpty sends a nil attribute map as {} (the API wants an object).
func orEmpty(attributes map[string]any) map[string]any {
	if attributes == nil {
		return map[string]any{}
	}
	return attributes
}

// OperationIDs returns the ids of the operations an action started, in request order.
// When the action was refused on some resources it returns the ids of the others and an
// error joining one *Error per refusal (errors.As gets the first; Instance names the
// resource).
func OperationIDs(result *ActionResult) ([]string, error) {
	if result == nil {
		return nil, nil
	}
	var ids []string
	var errs []error
	for _, op := range result.Operations {
		if op.Id != nil && op.Status != ActionRejected {
			ids = append(ids, *op.Id)
			continue
		}
		e := &Error{Status: http.StatusConflict, Title: "action refused", Instance: op.ResourceId}
		if r := op.Error; r != nil {
			e.Status, e.Type, e.Title = int(r.Status), r.Type, r.Title
			if r.Detail != nil {
				e.Detail = *r.Detail
			}
			if r.Errors != nil {
				for _, fe := range *r.Errors {
					e.Errors = append(e.Errors, FieldError{Pointer: fe.Pointer, Message: fe.Message})
				}
			}
		}
		errs = append(errs, e)
	}
	return ids, errors.Join(errs...)
}
