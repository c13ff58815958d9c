package strata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Client talks to one Strata platform. Build it with NewClient; it is safe for concurrent
// use. Its fields group the API by resource, as in Stripe's and Svix's SDKs.
type Client struct {
	// Resources creates, reads, changes, deletes, lists and runs actions on resources.
	Resources *ResourcesService
	// ResourceTypes defines and reads resource types.
	ResourceTypes *ResourceTypesService
	// Operations reads, waits for, signals and cancels operations (workflow runs).
	Operations *OperationsService
	// Webhooks manages webhook endpoints and verifies the webhooks they receive.
	Webhooks *WebhooksService
	// Analytics reads event history and metrics.
	Analytics *AnalyticsService

	baseURL        *url.URL
	httpClient     *http.Client
	auth           authenticator
	userAgent      string
	maxRetries     int
	minBackoff     time.Duration
	maxBackoff     time.Duration
	maxRetryAfter  time.Duration
	timeout        time.Duration
	attemptTimeout time.Duration

	// sleep waits between attempts; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter returns a random duration in [0, d]; tests replace it.
	jitter func(d time.Duration) time.Duration

	etagsMu sync.Mutex
	etags   map[string]string
}

// Option configures a Client.
type Option func(*Client) error

// WithClientCredentials authenticates as an OAuth2 client (client_credentials grant):
// the client fetches an access token from /oauth2/token, caches it and fetches a new one
// shortly before it expires (or when the platform answers 401).
func WithClientCredentials(clientID, clientSecret string) Option {
	return func(c *Client) error {
		if clientID == "" || clientSecret == "" {
			return errors.New("strata: WithClientCredentials needs a client id and a client secret")
		}
		c.auth = &clientCredentials{id: clientID, secret: clientSecret}
		return nil
	}
}

// WithClientCredentialsScopes is WithClientCredentials asking for the given scopes only
// (by default the token carries every scope the client was registered with).
func WithClientCredentialsScopes(clientID, clientSecret string, scopes ...string) Option {
	return func(c *Client) error {
		if err := WithClientCredentials(clientID, clientSecret)(c); err != nil {
			return err
		}
		c.auth.(*clientCredentials).scopes = scopes
		return nil
	}
}

// WithAPIKey authenticates with an API key (sk_...), sent as X-API-Key.
func WithAPIKey(key string) Option {
	return func(c *Client) error {
		if key == "" {
			return errors.New("strata: WithAPIKey needs a key")
		}
		c.auth = apiKey(key)
		return nil
	}
}

// WithToken authenticates with a bearer access token that the caller obtained itself.
func WithToken(token string) Option {
	return func(c *Client) error {
		if token == "" {
			return errors.New("strata: WithToken needs a token")
		}
		c.auth = bearer(token)
		return nil
	}
}

// WithHTTPClient sends requests through hc (for proxies, TLS settings, instrumentation).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("strata: WithHTTPClient needs a client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithRetries sets how many times a call is retried after a 429, 502, 503, 504 or a
// connection error (default 3; 0 disables retries). Waits grow exponentially with full
// jitter, and a Retry-After header is honoured.
func WithRetries(n int) Option {
	return func(c *Client) error {
		if n < 0 {
			return errors.New("strata: WithRetries needs n >= 0")
		}
		c.maxRetries = n
		return nil
	}
}

// WithBackoff sets the base and the cap of the exponential backoff between retries
// (defaults 500ms and 20s). The wait before retry n is random in [0, min(max, base*2^n)].
func WithBackoff(base, max time.Duration) Option {
	return func(c *Client) error {
		if base <= 0 || max < base {
			return errors.New("strata: WithBackoff needs 0 < base <= max")
		}
		c.minBackoff, c.maxBackoff = base, max
		return nil
	}
}

// WithTimeout bounds each call, retries and waits included (default 60s; 0 means no
// bound besides the context's). A deadline on the call's context applies as well.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return errors.New("strata: WithTimeout needs d >= 0")
		}
		c.timeout = d
		return nil
	}
}

// WithAttemptTimeout bounds each HTTP attempt (default 20s; 0 means no bound): an attempt
// that takes longer is abandoned and retried like a connection error.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return errors.New("strata: WithAttemptTimeout needs d >= 0")
		}
		c.attemptTimeout = d
		return nil
	}
}

// WithUserAgent adds a product token (e.g. "my-app/1.2") after the SDK's own user agent.
func WithUserAgent(product string) Option {
	return func(c *Client) error {
		if product != "" {
			c.userAgent = userAgent + " " + product
		}
		return nil
	}
}

// NewClient returns a client of the platform at baseURL (e.g. "http://127.0.0.1:8080"),
// authenticated by one of WithClientCredentials, WithAPIKey or WithToken.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("strata: base URL %q is not an absolute URL", baseURL)
	}
	c := &Client{
		baseURL:        u,
		httpClient:     &http.Client{},
		userAgent:      userAgent,
		maxRetries:     3,
		minBackoff:     500 * time.Millisecond,
		maxBackoff:     20 * time.Second,
		maxRetryAfter:  60 * time.Second,
		timeout:        60 * time.Second,
		attemptTimeout: 20 * time.Second,
		sleep:          sleepCtx,
		jitter:         fullJitter,
		etags:          map[string]string{},
	}
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.auth == nil {
		return nil, errors.New("strata: NewClient needs WithClientCredentials, WithAPIKey or WithToken")
	}
	c.Resources = &ResourcesService{c: c}
	c.ResourceTypes = &ResourceTypesService{c: c}
	c.Operations = &OperationsService{c: c}
	c.Webhooks = &WebhooksService{c: c}
	c.Analytics = &AnalyticsService{c: c}
	return c, nil
}

func (c *Client) rememberETag(key, etag string) {
	if etag == "" {
		return
	}
	c.etagsMu.Lock()
	c.etags[key] = etag
	c.etagsMu.Unlock()
}

func (c *Client) lastETag(key string) string {
	c.etagsMu.Lock()
	defer c.etagsMu.Unlock()
	return c.etags[key]
}

func (c *Client) forgetETag(key string) {
	c.etagsMu.Lock()
	delete(c.etags, key)
	c.etagsMu.Unlock()
}
