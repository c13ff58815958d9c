package strata

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// authenticator puts credentials on a request.
type authenticator interface {
	authorize(c *Client) func(ctx context.Context, r *http.Request) error
}

type apiKey string

func (k apiKey) authorize(*Client) func(context.Context, *http.Request) error {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("X-API-Key", string(k))
		return nil
	}
}

type bearer string

func (t bearer) authorize(*Client) func(context.Context, *http.Request) error {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+string(t))
		return nil
	}
}

// clientCredentials fetches tokens with the OAuth2 client_credentials grant and caches
// each until shortly before it expires.
type clientCredentials struct {
	id, secret string
	scopes     []string

	mu      sync.Mutex
	token   string
	expires time.Time
}

// tokenAnswer is what POST /oauth2/token answers.
type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

func (cc *clientCredentials) authorize(c *Client) func(context.Context, *http.Request) error {
	return func(ctx context.Context, r *http.Request) error {
		token, err := cc.current(ctx, c)
		if err != nil {
			return err
		}
		r.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

func (cc *clientCredentials) invalidate() {
	cc.mu.Lock()
	cc.token = ""
	cc.mu.Unlock()
}

func (cc *clientCredentials) current(ctx context.Context, c *Client) (string, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.token != "" && time.Now().Before(cc.expires) {
		return cc.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(cc.scopes) > 0 {
		form.Set("scope", strings.Join(cc.scopes, " "))
	}
	resp, err := c.send(ctx, request{
		method:           http.MethodPost,
		path:             "/oauth2/token",
		form:             form,
		noIdempotencyKey: true,
		authorize: func(_ context.Context, r *http.Request) error {
			r.SetBasicAuth(url.QueryEscape(cc.id), url.QueryEscape(cc.secret))
			return nil
		},
	})
	if err != nil {
		return "", fmt.Errorf("fetching an access token: %w", err)
	}
	var answer tokenAnswer
	if err := json.Unmarshal(resp.body, &answer); err != nil || answer.AccessToken == "" {
		return "", fmt.Errorf("fetching an access token: unexpected answer %q", truncate(resp.body, 200))
	}
	lifetime := time.Duration(answer.ExpiresIn) * time.Second
	if lifetime <= 0 {
		lifetime = 60 * time.Second
	}
	// Refresh a little early so that a token does not expire in flight.
	margin := lifetime / 10
	if margin > 30*time.Second {
		margin = 30 * time.Second
	}
	cc.token, cc.expires = answer.AccessToken, time.Now().Add(lifetime-margin)
	return cc.token, nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
