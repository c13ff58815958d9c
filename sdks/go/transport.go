package strata

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// request is one API call as the services describe it; send turns it into HTTP attempts.
type request struct {
	method string
	path   string
	query  url.Values
	// body is encoded as JSON (with contentType, default application/json) when not nil.
	body        any
	contentType string
	// form is sent as application/x-www-form-urlencoded instead of body (token requests).
	form url.Values
	// ifMatch is sent as If-Match when not empty.
	ifMatch string
	// idempotencyKey overrides the key generated for POST and PATCH.
	idempotencyKey string
	// noIdempotencyKey sends a POST without one (token requests).
	noIdempotencyKey bool
	// authorize sets credentials on an attempt; nil means the client's authenticator.
	authorize func(ctx context.Context, r *http.Request) error
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send performs req with the client's retry policy: 429, 502, 503, 504 and connection
// errors are retried up to maxRetries times, waiting Retry-After when the answer has one
// and otherwise an exponential backoff with full jitter. A POST or PATCH carries one
// Idempotency-Key, the same on every attempt, so a retried write happens once. A 401
// with client credentials fetches a new token and tries once more. Non-2xx answers
// come back as *Error.
func (c *Client) send(ctx context.Context, req request) (*response, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var payload []byte
	contentType := req.contentType
	switch {
	case req.form != nil:
		payload = []byte(req.form.Encode())
		contentType = "application/x-www-form-urlencoded"
	case req.body != nil:
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return nil, fmt.Errorf("strata: encoding the request body: %w", err)
		}
		if contentType == "" {
			contentType = "application/json"
		}
	}
	idempotencyKey := req.idempotencyKey
	if idempotencyKey == "" && !req.noIdempotencyKey && (req.method == http.MethodPost || req.method == http.MethodPatch) {
		idempotencyKey = newUUID()
	}
	authorize := req.authorize
	if authorize == nil {
		authorize = c.auth.authorize(c)
	}
	target := c.baseURL.JoinPath(req.path)
	if len(req.query) > 0 {
		target.RawQuery = req.query.Encode()
	}
	reauthorized := false
	for attempt := 0; ; attempt++ {
		attemptCtx, cancelAttempt := ctx, context.CancelFunc(func() {})
		if c.attemptTimeout > 0 {
			attemptCtx, cancelAttempt = context.WithTimeout(ctx, c.attemptTimeout)
		}
		resp, body, err := c.attempt(attemptCtx, req, target.String(), payload, contentType, idempotencyKey, authorize)
		cancelAttempt()
		if err != nil {
			if errors.Is(err, errNoRetry) {
				return nil, err
			}
			if ctx.Err() != nil {
				return nil, fmt.Errorf("strata: %s %s: %w", req.method, req.path, ctx.Err())
			}
			// A connection error, or an attempt that took longer than attemptTimeout.
			if attempt >= c.maxRetries {
				return nil, fmt.Errorf("strata: %s %s: %w", req.method, req.path, err)
			}
			if err := c.sleep(ctx, c.backoff(attempt)); err != nil {
				return nil, fmt.Errorf("strata: %s %s: %w", req.method, req.path, err)
			}
			continue
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return &response{status: resp.StatusCode, header: resp.Header, body: body}, nil
		}
		if resp.StatusCode == http.StatusUnauthorized && !reauthorized && req.authorize == nil {
			if cc, ok := c.auth.(*clientCredentials); ok {
				reauthorized = true
				cc.invalidate()
				attempt--
				continue
			}
		}
		apiErr := newError(resp.StatusCode, resp.Header, body)
		if !retryable(resp.StatusCode) || attempt >= c.maxRetries {
			return nil, apiErr
		}
		wait := c.backoff(attempt)
		if after, ok := retryAfter(resp.Header, time.Now()); ok {
			if after > c.maxRetryAfter {
				return nil, apiErr
			}
			wait = after
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, errors.Join(apiErr, err)
		}
	}
}

// errNoRetry marks attempt failures that another attempt would not fix: a request that
// cannot be built, or credentials that cannot be had (its cause is wrapped too).
var errNoRetry = errors.New("strata")

// attempt sends one HTTP request and reads its whole answer.
func (c *Client) attempt(ctx context.Context, req request, target string, payload []byte, contentType, idempotencyKey string,
	authorize func(context.Context, *http.Request) error) (*http.Response, []byte, error) {
	hr, err := http.NewRequestWithContext(ctx, req.method, target, bodyReader(payload))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errNoRetry, err)
	}
	hr.Header.Set("User-Agent", c.userAgent)
	hr.Header.Set("Accept", "application/json, application/problem+json")
	if payload != nil {
		hr.Header.Set("Content-Type", contentType)
	}
	if idempotencyKey != "" {
		hr.Header.Set("Idempotency-Key", idempotencyKey)
	}
	if req.ifMatch != "" {
		hr.Header.Set("If-Match", req.ifMatch)
	}
	if err := authorize(ctx, hr); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errNoRetry, err)
	}
	resp, err := c.httpClient.Do(hr)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the answer: %w", err)
	}
	return resp, body, nil
}

func bodyReader(payload []byte) io.Reader {
	if payload == nil {
		return nil
	}
	return bytes.NewReader(payload)
}

func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before retry number attempt+1: full jitter over an exponentially
// growing window, random in [0, min(maxBackoff, minBackoff*2^attempt)].
func (c *Client) backoff(attempt int) time.Duration {
	window := float64(c.minBackoff) * math.Pow(2, float64(attempt))
	if window > float64(c.maxBackoff) {
		window = float64(c.maxBackoff)
	}
	return c.jitter(time.Duration(window))
}

func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	n, err := rand.Int(rand.Reader, big.NewInt(int64(d)+1))
	if err != nil {
		return d
	}
	return time.Duration(n.Int64())
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// newUUID returns a random (version 4) UUID, used as an Idempotency-Key.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("strata: no randomness for an idempotency key: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// call sends req and decodes a JSON answer into a new T.
func call[T any](ctx context.Context, c *Client, req request) (*T, *response, error) {
	resp, err := c.send(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	out := new(T)
	if len(bytes.TrimSpace(resp.body)) > 0 {
		if err := json.Unmarshal(resp.body, out); err != nil {
			return nil, resp, fmt.Errorf("strata: %s %s: decoding the answer: %w", req.method, req.path, err)
		}
	}
	return out, resp, nil
}
