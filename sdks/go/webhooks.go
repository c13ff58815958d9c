package strata

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/strata-platform/strata/sdks/go/api"
)

// WebhooksService is client.Webhooks.
type WebhooksService struct{ c *Client }

// CreateWebhookParams registers a webhook endpoint.
type CreateWebhookParams struct {
	// URL receives the signed POSTs.
	URL string
	// EventTypes are the events it gets, e.g. "resource.*", "resource.created", "*".
	EventTypes []string
	// Description, RateLimitPerSecond and Metadata are optional (zero sends none).
	Description        string
	RateLimitPerSecond int
	Metadata           map[string]string
}

func (p CreateWebhookParams) body() api.WebhookEndpointRegistration {
	b := api.WebhookEndpointRegistration{Url: p.URL, EventTypes: p.EventTypes}
	if b.EventTypes == nil {
		b.EventTypes = []string{}
	}
	if p.Description != "" {
		b.Description = &p.Description
	}
	if p.RateLimitPerSecond != 0 {
		n := int32(p.RateLimitPerSecond)
		b.RateLimitPerSecond = &n
	}
	if p.Metadata != nil {
		b.Metadata = &p.Metadata
	}
	return b
}

// Create registers a webhook endpoint (POST /v2/webhooks/register). The answer's Secret
// (whsec_...) is shown this once: keep it to Verify what the endpoint receives.
func (s *WebhooksService) Create(ctx context.Context, params CreateWebhookParams) (*WebhookEndpoint, error) {
	return s.endpoint(ctx, request{method: http.MethodPost, path: "/v2/webhooks/register", body: params.body()})
}

// Get reads a webhook endpoint (GET /v2/webhooks/{id}).
func (s *WebhooksService) Get(ctx context.Context, id string) (*WebhookEndpoint, error) {
	return s.endpoint(ctx, request{method: http.MethodGet, path: s.path(id, "")})
}

// List iterates over the tenant's webhook endpoints (GET /v2/webhooks).
func (s *WebhooksService) List(ctx context.Context, params ListParams) iter.Seq2[WebhookEndpoint, error] {
	return paginate[WebhookEndpoint](ctx, s.c, "/v2/webhooks", params.apply(nil))
}

// UpdateWebhookParams changes a webhook endpoint; nil members are not sent and stay as
// they are.
type UpdateWebhookParams struct {
	URL                *string
	EventTypes         []string
	Description        *string
	RateLimitPerSecond *int
	Metadata           map[string]string
}

func (p UpdateWebhookParams) body() api.WebhookEndpointUpdate {
	b := api.WebhookEndpointUpdate{Url: p.URL, Description: p.Description}
	if p.EventTypes != nil {
		b.EventTypes = &p.EventTypes
	}
	if p.RateLimitPerSecond != nil {
		n := int32(*p.RateLimitPerSecond)
		b.RateLimitPerSecond = &n
	}
	if p.Metadata != nil {
		b.Metadata = &p.Metadata
	}
	return b
}

// Update changes a webhook endpoint (PATCH /v2/webhooks/{id}), with If-Match from the
// ETag last seen unless opts gives one.
func (s *WebhooksService) Update(ctx context.Context, id string, params UpdateWebhookParams, opts ...WriteOptions) (*WebhookEndpoint, error) {
	return s.endpoint(ctx, request{method: http.MethodPatch, path: s.path(id, ""), body: params.body(), ifMatch: s.ifMatch(id, opts)})
}

// Delete deletes a webhook endpoint (DELETE /v2/webhooks/{id}).
func (s *WebhooksService) Delete(ctx context.Context, id string, opts ...WriteOptions) error {
	_, err := s.c.send(ctx, request{method: http.MethodDelete, path: s.path(id, ""), ifMatch: s.ifMatch(id, opts)})
	if err == nil {
		s.c.forgetETag("webhook:" + id)
	}
	return err
}

// Disable stops deliveries to an endpoint (POST /v2/webhooks/{id}/disable).
func (s *WebhooksService) Disable(ctx context.Context, id string) (*WebhookEndpoint, error) {
	return s.endpoint(ctx, request{method: http.MethodPost, path: s.path(id, "/disable")})
}

// Enable resumes deliveries to an endpoint (POST /v2/webhooks/{id}/enable).
func (s *WebhooksService) Enable(ctx context.Context, id string) (*WebhookEndpoint, error) {
	return s.endpoint(ctx, request{method: http.MethodPost, path: s.path(id, "/enable")})
}

// RotateSecret gives an endpoint a new secret (POST /v2/webhooks/{id}/rotate-secret); the
// answer's Secret is the new one. Deliveries are signed with both for a while.
func (s *WebhooksService) RotateSecret(ctx context.Context, id string) (*WebhookEndpoint, error) {
	return s.endpoint(ctx, request{method: http.MethodPost, path: s.path(id, "/rotate-secret")})
}

// Test sends a test event to an endpoint (POST /v2/webhooks/{id}/test).
func (s *WebhooksService) Test(ctx context.Context, id string) (*WebhookTestMessage, error) {
	r, _, err := call[WebhookTestMessage](ctx, s.c, request{method: http.MethodPost, path: s.path(id, "/test")})
	return r, err
}

// AttemptsParams filters an endpoint's delivery attempts.
type AttemptsParams struct {
	MessageID string
	PageSize  int
}

// Attempts iterates over an endpoint's delivery attempts (GET /v2/webhooks/{id}/attempts).
func (s *WebhooksService) Attempts(ctx context.Context, id string, params AttemptsParams) iter.Seq2[WebhookAttempt, error] {
	q := ListParams{PageSize: params.PageSize}.apply(nil)
	setIf(q, "message_id", params.MessageID)
	return paginate[WebhookAttempt](ctx, s.c, s.path(id, "/attempts"), q)
}

// DeadLetters iterates over the messages an endpoint gave up on.
func (s *WebhooksService) DeadLetters(ctx context.Context, id string, params ListParams) iter.Seq2[WebhookDeadLetter, error] {
	return paginate[WebhookDeadLetter](ctx, s.c, s.path(id, "/dead-letters"), params.apply(nil))
}

// ResendDeadLetter delivers one dead letter again.
func (s *WebhooksService) ResendDeadLetter(ctx context.Context, id, messageID string) (*WebhookResend, error) {
	r, _, err := call[WebhookResend](ctx, s.c, request{method: http.MethodPost, path: s.path(id, "/dead-letters/"+url.PathEscape(messageID)+"/resend")})
	return r, err
}

// Recover redelivers every message an endpoint failed since a time (POST
// /v2/webhooks/{id}/recover); follow it with GetRecovery.
func (s *WebhooksService) Recover(ctx context.Context, id string, since time.Time) (*WebhookRecovery, error) {
	r, _, err := call[WebhookRecovery](ctx, s.c, request{method: http.MethodPost, path: s.path(id, "/recover"),
		body: api.WebhookRecoveryRequest{Since: since.UTC()}})
	return r, err
}

// GetRecovery reads a recovery started by Recover.
func (s *WebhooksService) GetRecovery(ctx context.Context, id, recoveryID string) (*WebhookRecovery, error) {
	r, _, err := call[WebhookRecovery](ctx, s.c, request{method: http.MethodGet, path: s.path(id, "/recoveries/"+url.PathEscape(recoveryID))})
	return r, err
}

func (s *WebhooksService) path(id, suffix string) string {
	return "/v2/webhooks/" + url.PathEscape(id) + suffix
}

func (s *WebhooksService) ifMatch(id string, opts []WriteOptions) string {
	for _, o := range opts {
		if o.IfMatch != "" {
			return o.IfMatch
		}
	}
	return s.c.lastETag("webhook:" + id)
}

func (s *WebhooksService) endpoint(ctx context.Context, req request) (*WebhookEndpoint, error) {
	e, resp, err := call[WebhookEndpoint](ctx, s.c, req)
	if err != nil {
		return nil, err
	}
	s.c.rememberETag("webhook:"+e.Id, resp.header.Get("ETag"))
	return e, nil
}

// Verify checks that a webhook came from Strata: its webhook-signature header must be a
// Standard Webhooks signature of webhook-id, webhook-timestamp and the raw payload with
// the endpoint's secret (whsec_...), and its timestamp within 5 minutes of now. Pass the
// body exactly as received, before any JSON decoding. It needs no client: see
// VerifyWebhook.
func (s *WebhooksService) Verify(payload []byte, headers http.Header, secret string) error {
	return verifyWebhook(payload, headers, secret, time.Now())
}

// VerifyWebhook is WebhooksService.Verify for receivers that have no client.
func VerifyWebhook(payload []byte, headers http.Header, secret string) error {
	return verifyWebhook(payload, headers, secret, time.Now())
}

// WebhookTolerance is how far a webhook's timestamp may be from now.
const WebhookTolerance = 5 * time.Minute

// Errors of Verify (match them with errors.Is).
var (
	ErrWebhookHeaders   = standardwebhooks.ErrRequiredHeaders
	ErrWebhookSignature = standardwebhooks.ErrNoMatchingSignature
	ErrWebhookTooOld    = standardwebhooks.ErrMessageTooOld
	ErrWebhookTooNew    = standardwebhooks.ErrMessageTooNew
)

// verifyWebhook checks the signature with the standardwebhooks library and the timestamp
// against now (the library reads the clock itself, which tests cannot move).
func verifyWebhook(payload []byte, headers http.Header, secret string, now time.Time) error {
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		return fmt.Errorf("strata: webhook secret: %w", err)
	}
	if err := wh.VerifyIgnoringTimestamp(payload, headers); err != nil {
		return fmt.Errorf("strata: webhook: %w", err)
	}
	ts, err := strconv.ParseInt(headers.Get(standardwebhooks.HeaderWebhookTimestamp), 10, 64)
	if err != nil {
		return fmt.Errorf("strata: webhook: %w", standardwebhooks.ErrInvalidHeaders)
	}
	at := time.Unix(ts, 0)
	switch {
	case now.Sub(at) > WebhookTolerance:
		return fmt.Errorf("strata: webhook: %w", ErrWebhookTooOld)
	case at.Sub(now) > WebhookTolerance:
		return fmt.Errorf("strata: webhook: %w", ErrWebhookTooNew)
	}
	return nil
}
