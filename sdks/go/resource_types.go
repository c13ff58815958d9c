package strata

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/strata-platform/strata/sdks/go/api"
)

// ResourceTypesService is client.ResourceTypes.
type ResourceTypesService struct{ c *Client }

// ResourceTypeDefinition defines (or redefines) a resource type: a JSON schema of its
// attributes and a lifecycle of states and actions (see the platform README for one).
type ResourceTypeDefinition struct {
	// Name is the type's name (lowercase letters, digits and underscores).
	Name string
	// Description is optional ("" sends none).
	Description string
	// Schema is the JSON schema of the resources' attributes.
	Schema map[string]any
	// Lifecycle is the type's initial state, states and actions.
	Lifecycle map[string]any
}

// body is the definition as the API takes it: optional members left empty are omitted.
func (d ResourceTypeDefinition) body() api.ResourceTypeDefinition {
	b := api.ResourceTypeDefinition{Schema: orEmpty(d.Schema), Lifecycle: orEmpty(d.Lifecycle)}
	if d.Name != "" {
		b.Name = &d.Name
	}
	if d.Description != "" {
		b.Description = &d.Description
	}
	return b
}

// Create defines a resource type (POST /v2/resource-types).
func (s *ResourceTypesService) Create(ctx context.Context, def ResourceTypeDefinition) (*ResourceType, error) {
	t, resp, err := call[ResourceType](ctx, s.c, request{method: http.MethodPost, path: "/v2/resource-types", body: def.body()})
	if err == nil {
		s.c.rememberETag("resource-type:"+t.Name, resp.header.Get("ETag"))
	}
	return t, err
}

// Get reads the latest version of a resource type (GET /v2/resource-types/{name}).
func (s *ResourceTypesService) Get(ctx context.Context, name string) (*ResourceType, error) {
	return s.GetVersion(ctx, name, 0)
}

// GetVersion reads one version of a resource type (0 means the latest).
func (s *ResourceTypesService) GetVersion(ctx context.Context, name string, version int) (*ResourceType, error) {
	q := url.Values{}
	if version > 0 {
		q.Set("version", strconv.Itoa(version))
	}
	t, resp, err := call[ResourceType](ctx, s.c, request{method: http.MethodGet,
		path: "/v2/resource-types/" + url.PathEscape(name), query: q})
	if err == nil {
		s.c.rememberETag("resource-type:"+t.Name, resp.header.Get("ETag"))
	}
	return t, err
}

// Update publishes a new version of a resource type (PUT /v2/resource-types/{name}),
// with If-Match from the ETag last seen unless opts gives one.
func (s *ResourceTypesService) Update(ctx context.Context, def ResourceTypeDefinition, opts ...WriteOptions) (*ResourceType, error) {
	ifMatch := s.c.lastETag("resource-type:" + def.Name)
	for _, o := range opts {
		if o.IfMatch != "" {
			ifMatch = o.IfMatch
		}
	}
	t, resp, err := call[ResourceType](ctx, s.c, request{method: http.MethodPut,
		path: "/v2/resource-types/" + url.PathEscape(def.Name), body: def.body(), ifMatch: ifMatch})
	if err == nil {
		s.c.rememberETag("resource-type:"+t.Name, resp.header.Get("ETag"))
	}
	return t, err
}

// Retire retires a resource type: no new resources of it (POST .../{name}/retire).
func (s *ResourceTypesService) Retire(ctx context.Context, name string) (*ResourceType, error) {
	t, _, err := call[ResourceType](ctx, s.c, request{method: http.MethodPost,
		path: "/v2/resource-types/" + url.PathEscape(name) + "/retire"})
	return t, err
}

// List iterates over every resource type (GET /v2/resource-types).
func (s *ResourceTypesService) List(ctx context.Context, params ListParams) iter.Seq2[ResourceType, error] {
	return paginate[ResourceType](ctx, s.c, "/v2/resource-types", params.apply(nil))
}
