package strata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fake is the SDK's own test double: an httptest server whose handler the test writes,
// recording every request it gets.
type fake struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
	body []string
}

func newFake(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, n int)) *fake {
	f := &fake{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		f.mu.Lock()
		f.reqs = append(f.reqs, r)
		f.body = append(f.body, string(b))
		n := len(f.reqs)
		f.mu.Unlock()
		handler(w, r, n)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) count() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.reqs) }

// client returns a client of the fake whose waits are recorded, not slept, and whose
// jitter is the identity (so the test sees the backoff window itself).
func (f *fake) client(opts ...Option) (*Client, *[]time.Duration) {
	f.t.Helper()
	c, err := NewClient(f.srv.URL, append([]Option{WithToken("tok")}, opts...)...)
	if err != nil {
		f.t.Fatal(err)
	}
	var waits []time.Duration
	var mu sync.Mutex
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	c.jitter = func(d time.Duration) time.Duration { return d }
	return c, &waits
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func problem(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

var resourceJSON = map[string]any{"id": "res_1", "type": "ticket", "type_version": 1, "state": "open",
	"attributes": map[string]any{"title": "t"}, "version": 1, "created_at": "2024-05-01T12:00:00Z",
	"updated_at": "2024-05-01T12:00:00Z", "tenant_id": "acme"}

func TestRetryAfterIsHonouredAndIdempotencyKeyReused(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n < 3 {
			w.Header().Set("Retry-After", "2")
			problem(w, 429, `{"type":"https://strata.io/problems/rate-limited","title":"Too Many Requests","status":429}`)
			return
		}
		w.Header().Set("ETag", `"1"`)
		writeJSON(w, 201, resourceJSON)
	})
	c, waits := f.client()
	r, err := c.Resources.Create(context.Background(), CreateResourceParams{Type: "ticket", Attributes: map[string]any{"title": "t"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Id != "res_1" || f.count() != 3 {
		t.Fatalf("id %q after %d requests", r.Id, f.count())
	}
	if fmt.Sprint(*waits) != "[2s 2s]" {
		t.Fatalf("waits %v, want Retry-After's 2s twice", *waits)
	}
	key := f.reqs[0].Header.Get("Idempotency-Key")
	if len(key) != 36 {
		t.Fatalf("idempotency key %q", key)
	}
	for i, req := range f.reqs {
		if got := req.Header.Get("Idempotency-Key"); got != key {
			t.Fatalf("attempt %d sent key %q, want %q", i+1, got, key)
		}
		if f.body[i] != `{"attributes":{"title":"t"},"type":"ticket"}` {
			t.Fatalf("attempt %d sent body %s", i+1, f.body[i])
		}
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{"Retry-After": {now.Add(3 * time.Second).Format(http.TimeFormat)}}
	if d, ok := retryAfter(h, now); !ok || d != 3*time.Second {
		t.Fatalf("got %v %v", d, ok)
	}
	if _, ok := retryAfter(http.Header{"Retry-After": {"soon"}}, now); ok {
		t.Fatal("garbage Retry-After accepted")
	}
}

func TestTooLongRetryAfterIsNotWaited(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "3600")
		problem(w, 429, `{"title":"Too Many Requests","status":429}`)
	})
	c, waits := f.client()
	_, err := c.Resources.Get(context.Background(), "res_1")
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != 429 || f.count() != 1 || len(*waits) != 0 {
		t.Fatalf("err %v after %d requests, waits %v", err, f.count(), *waits)
	}
}

func TestServiceUnavailableRetriedWithExponentialFullJitterBackoff(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n <= 3 {
			problem(w, 503, `{"title":"Service Unavailable","status":503}`)
			return
		}
		writeJSON(w, 200, resourceJSON)
	})
	c, waits := f.client(WithBackoff(100*time.Millisecond, 250*time.Millisecond))
	var windows []time.Duration
	c.jitter = func(d time.Duration) time.Duration { windows = append(windows, d); return d / 2 }
	if _, err := c.Resources.Get(context.Background(), "res_1"); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(windows) != "[100ms 200ms 250ms]" {
		t.Fatalf("backoff windows %v, want doubling up to the cap", windows)
	}
	if fmt.Sprint(*waits) != "[50ms 100ms 125ms]" {
		t.Fatalf("waits %v, want the jittered windows", *waits)
	}
}

func TestFullJitterStaysInWindow(t *testing.T) {
	seen := map[bool]bool{}
	for i := 0; i < 200; i++ {
		d := fullJitter(time.Second)
		if d < 0 || d > time.Second {
			t.Fatalf("jitter %v outside [0, 1s]", d)
		}
		seen[d < 500*time.Millisecond] = true
	}
	if !seen[true] || !seen[false] {
		t.Fatal("jitter is not spread over the window")
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		writeJSON(w, 202, map[string]any{"operations": []any{map[string]any{"id": "op_1", "resource_id": "res_1", "status": "pending"}}})
	})
	c, waits := f.client()
	res, err := c.Resources.RunAction(context.Background(), RunActionParams{Action: "approve", ResourceIDs: []string{"res_1"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Operations[0].Id == nil || *res.Operations[0].Id != "op_1" || f.count() != 2 || len(*waits) != 1 {
		t.Fatalf("%+v after %d requests, waits %v", res, f.count(), *waits)
	}
	if f.reqs[0].Header.Get("Idempotency-Key") != f.reqs[1].Header.Get("Idempotency-Key") {
		t.Fatal("retry after a connection error changed the idempotency key")
	}
}

func TestBadRequestIsNotRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		problem(w, 400, `{"type":"https://strata.io/problems/invalid-request","title":"Invalid request","status":400,"detail":"bad"}`)
	})
	c, waits := f.client()
	_, err := c.Resources.Create(context.Background(), CreateResourceParams{Type: "ticket"})
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != 400 {
		t.Fatalf("err %v", err)
	}
	if f.count() != 1 || len(*waits) != 0 {
		t.Fatalf("%d requests, waits %v: a 400 must not be retried", f.count(), *waits)
	}
}

func TestRetriesGiveUpAfterTheLimit(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		problem(w, 503, `{"title":"Service Unavailable","status":503}`)
	})
	c, _ := f.client(WithRetries(2))
	_, err := c.Resources.Get(context.Background(), "x")
	if !errors.Is(err, &Error{Status: 503}) || f.count() != 3 {
		t.Fatalf("err %v after %d requests, want 503 after 3", err, f.count())
	}
	c0, _ := f.client(WithRetries(0))
	before := f.count()
	_, _ = c0.Resources.Get(context.Background(), "x")
	if f.count()-before != 1 {
		t.Fatal("WithRetries(0) retried")
	}
}

func TestEachWriteHasItsOwnKeyAndReadsNone(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, resourceJSON) })
	c, _ := f.client()
	ctx := context.Background()
	_, _ = c.Resources.Create(ctx, CreateResourceParams{Type: "ticket"})
	_, _ = c.Resources.Create(ctx, CreateResourceParams{Type: "ticket"})
	_, _ = c.Resources.Get(ctx, "res_1")
	_, _ = c.Resources.Patch(ctx, "res_1", map[string]any{"title": nil})
	_, _ = c.Resources.Create(ctx, CreateResourceParams{Type: "ticket", IdempotencyKey: "mine"})
	k := func(i int) string { return f.reqs[i].Header.Get("Idempotency-Key") }
	if k(0) == "" || k(0) == k(1) || k(2) != "" || k(3) == "" || k(4) != "mine" {
		t.Fatalf("keys %q %q %q %q %q", k(0), k(1), k(2), k(3), k(4))
	}
	if f.reqs[3].Header.Get("Content-Type") != "application/merge-patch+json" || f.body[3] != `{"attributes":{"title":null}}` {
		t.Fatalf("patch sent %s as %s", f.body[3], f.reqs[3].Header.Get("Content-Type"))
	}
}

func TestProblemIsMappedToTypedError(t *testing.T) {
	for _, traceMember := range []string{"trace_id", "traceId"} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			problem(w, 422, `{"type":"https://strata.io/problems/validation","title":"Validation failed","status":422,
				"detail":"The attributes do not match the schema.","instance":"/v2/resources",
				"errors":[{"pointer":"/attributes/title","message":"is required"}],"`+traceMember+`":"4bf92f3577b34da6"}`)
		})
		c, _ := f.client()
		_, err := c.Resources.Create(context.Background(), CreateResourceParams{Type: "ticket"})
		var apiErr *Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("%T %v is not a *strata.Error", err, err)
		}
		want := Error{Status: 422, Type: "https://strata.io/problems/validation", Title: "Validation failed",
			Detail: "The attributes do not match the schema.", Instance: "/v2/resources", TraceID: "4bf92f3577b34da6"}
		if apiErr.Status != want.Status || apiErr.Type != want.Type || apiErr.Title != want.Title ||
			apiErr.Detail != want.Detail || apiErr.Instance != want.Instance || apiErr.TraceID != want.TraceID {
			t.Fatalf("%s: got %+v", traceMember, apiErr)
		}
		if len(apiErr.Errors) != 1 || apiErr.Errors[0] != (FieldError{Pointer: "/attributes/title", Message: "is required"}) {
			t.Fatalf("errors %+v", apiErr.Errors)
		}
		if !errors.Is(err, &Error{Status: 422}) || errors.Is(err, &Error{Status: 404}) {
			t.Fatal("errors.Is does not match on status")
		}
		if got := apiErr.Error(); got != "strata: 422 Validation failed: The attributes do not match the schema.; /attributes/title is required (trace 4bf92f3577b34da6)" {
			t.Fatalf("message %q", got)
		}
	}
}

func TestNonProblemErrorBody(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html>bad gateway</html>")
	})
	c, _ := f.client(WithRetries(0))
	_, err := c.Resources.Get(context.Background(), "x")
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != 502 || apiErr.Title != "Bad Gateway" || string(apiErr.Body) != "<html>bad gateway</html>" {
		t.Fatalf("%+v", apiErr)
	}
}

func TestListIteratesOverAllPages(t *testing.T) {
	const total = 5
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		q := r.URL.Query()
		size, _ := strconv.Atoi(q.Get("page_size"))
		start, _ := strconv.Atoi(q.Get("page_token"))
		var items []any
		for i := start; i < start+size && i < total; i++ {
			item := map[string]any{}
			for k, v := range resourceJSON {
				item[k] = v
			}
			item["id"] = fmt.Sprintf("res_%d", i)
			items = append(items, item)
		}
		var next any
		if start+size < total {
			next = strconv.Itoa(start + size)
		}
		writeJSON(w, 200, map[string]any{"items": items, "next_page_token": next})
	})
	c, _ := f.client()
	var ids []string
	for r, err := range c.Resources.List(context.Background(), ListResourcesParams{Filter: `type = "ticket"`, OrderBy: "created_at desc", PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Id)
	}
	if fmt.Sprint(ids) != "[res_0 res_1 res_2 res_3 res_4]" || f.count() != 3 {
		t.Fatalf("ids %v from %d pages", ids, f.count())
	}
	q := f.reqs[1].URL.Query()
	if q.Get("filter") != `type = "ticket"` || q.Get("order_by") != "created_at desc" || q.Get("page_token") != "2" || q.Get("page_size") != "2" {
		t.Fatalf("second page query %v", q)
	}
	if f.reqs[0].URL.Query().Has("page_token") {
		t.Fatal("first page sent a page token")
	}

	before := f.count()
	for range c.Resources.List(context.Background(), ListResourcesParams{PageSize: 2}) {
		break
	}
	if f.count()-before != 1 {
		t.Fatal("breaking out of the loop still fetched more pages")
	}
	all, err := Collect(c.Resources.List(context.Background(), ListResourcesParams{PageSize: 3}))
	if err != nil || len(all) != total {
		t.Fatalf("Collect: %d items, %v", len(all), err)
	}
}

func TestListYieldsTheErrorAndStops(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeJSON(w, 200, map[string]any{"items": []any{resourceJSON}, "next_page_token": "p2"})
			return
		}
		problem(w, 400, `{"title":"Invalid page token","status":400}`)
	})
	c, _ := f.client()
	var got, errs int
	for _, err := range c.Resources.List(context.Background(), ListResourcesParams{}) {
		if err != nil {
			errs++
			continue
		}
		got++
	}
	if got != 1 || errs != 1 {
		t.Fatalf("%d items, %d errors", got, errs)
	}
}

func TestClientCredentialsFetchesCachesAndRefreshesTokens(t *testing.T) {
	var tokens int
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/oauth2/token" {
			id, secret, ok := r.BasicAuth()
			if !ok || id != "cli_1" || secret != "s3cret" || r.Header.Get("Idempotency-Key") != "" {
				problem(w, 401, `{"title":"Unauthorized","status":401}`)
				return
			}
			_ = r.ParseForm()
			if r.PostForm.Get("grant_type") != "client_credentials" {
				problem(w, 400, `{"title":"bad grant","status":400}`)
				return
			}
			tokens++
			writeJSON(w, 200, map[string]any{"access_token": fmt.Sprintf("tok%d", tokens), "token_type": "Bearer", "expires_in": 300})
			return
		}
		// the first token is "revoked" after two calls
		if r.Header.Get("Authorization") == "Bearer tok1" && n > 3 {
			problem(w, 401, `{"title":"Unauthorized","status":401}`)
			return
		}
		writeJSON(w, 200, resourceJSON)
	})
	c, err := NewClient(f.srv.URL, WithClientCredentials("cli_1", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := c.Resources.Get(ctx, "res_1"); err != nil {
			t.Fatal(err)
		}
	}
	if tokens != 2 {
		t.Fatalf("fetched %d tokens, want 1 cached then 1 after the 401", tokens)
	}
	if got := f.reqs[len(f.reqs)-1].Header.Get("Authorization"); got != "Bearer tok2" {
		t.Fatalf("last call sent %q", got)
	}
}

func TestCredentialHeadersAndUserAgent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, resourceJSON) })
	ctx := context.Background()
	c, _ := NewClient(f.srv.URL, WithAPIKey("sk_test"), WithUserAgent("my-app/1.0"))
	_, _ = c.Resources.Get(ctx, "res_1")
	c2, _ := NewClient(f.srv.URL+"/", WithToken("abc"))
	_, _ = c2.Resources.Get(ctx, "res 1")
	if f.reqs[0].Header.Get("X-API-Key") != "sk_test" || f.reqs[0].Header.Get("Authorization") != "" {
		t.Fatalf("api key headers %v", f.reqs[0].Header)
	}
	if f.reqs[0].Header.Get("User-Agent") != "strata-go/2.0.0 my-app/1.0" || f.reqs[1].Header.Get("User-Agent") != "strata-go/2.0.0" {
		t.Fatalf("user agents %q %q", f.reqs[0].Header.Get("User-Agent"), f.reqs[1].Header.Get("User-Agent"))
	}
	if f.reqs[1].Header.Get("Authorization") != "Bearer abc" || f.reqs[1].URL.EscapedPath() != "/v2/resources/res%201" {
		t.Fatalf("token request %v %s", f.reqs[1].Header, f.reqs[1].URL.EscapedPath())
	}
	if _, err := NewClient(f.srv.URL); err == nil {
		t.Fatal("a client without credentials was built")
	}
	if _, err := NewClient("not a url", WithToken("x")); err == nil {
		t.Fatal("a relative base URL was accepted")
	}
}

func TestIfMatchIsTheLastSeenETag(t *testing.T) {
	version := 3
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Method != http.MethodGet && r.Header.Get("If-Match") != fmt.Sprintf(`"%d"`, version) {
			problem(w, 412, `{"type":"https://strata.io/problems/precondition-failed","title":"Precondition Failed","status":412}`)
			return
		}
		if r.Method == http.MethodDelete {
			w.WriteHeader(204)
			return
		}
		if r.Method != http.MethodGet {
			version++
		}
		w.Header().Set("ETag", fmt.Sprintf(`"%d"`, version))
		writeJSON(w, 200, resourceJSON)
	})
	c, _ := f.client()
	ctx := context.Background()
	if _, err := c.Resources.Get(ctx, "res_1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Resources.Update(ctx, "res_1", map[string]any{"title": "new"}); err != nil {
		t.Fatal(err)
	}
	if c.Resources.ETag("res_1") != `"4"` {
		t.Fatalf("etag %q", c.Resources.ETag("res_1"))
	}
	_, err := c.Resources.Update(ctx, "res_1", map[string]any{"title": "stale"}, WriteOptions{IfMatch: `"3"`})
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != 412 {
		t.Fatalf("stale If-Match: %v", err)
	}
	if err := c.Resources.Delete(ctx, "res_1"); err != nil {
		t.Fatal(err)
	}
}

func TestContextAndClientTimeouts(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	c, _ := f.client(WithTimeout(50 * time.Millisecond))
	start := time.Now()
	_, err := c.Resources.Get(context.Background(), "slow")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
	c2, _ := f.client(WithTimeout(0))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c2.Resources.Get(ctx, "slow"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("context deadline: %v", err)
	}
}

func TestWaitPollsWithBackoffUntilTheOperationIsDone(t *testing.T) {
	statuses := []string{"pending", "running", "running", "completed"}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, map[string]any{"id": "op_1", "status": statuses[min(n-1, len(statuses)-1)], "steps": []any{}})
	})
	c, waits := f.client()
	op, err := c.Operations.Wait(context.Background(), "op_1")
	if err != nil || op.Status != OperationCompleted || f.count() != 4 {
		t.Fatalf("%v %v after %d polls", op, err, f.count())
	}
	if fmt.Sprint(*waits) != "[200ms 300ms 450ms]" {
		t.Fatalf("poll waits %v", *waits)
	}
}

func TestWaitTimesOut(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, map[string]any{"id": "op_1", "status": "running"})
	})
	c, _ := f.client()
	c.sleep = sleepCtx
	op, err := c.Operations.Wait(context.Background(), "op_1", WithWaitTimeout(100*time.Millisecond), WithPollInterval(10*time.Millisecond, 20*time.Millisecond))
	if !errors.Is(err, ErrWaitTimeout) || !errors.Is(err, context.DeadlineExceeded) || op == nil || op.Status != "running" {
		t.Fatalf("%v %v", op, err)
	}
}

func TestHungAttemptIsAbandonedAndRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return
		}
		writeJSON(w, 200, resourceJSON)
	})
	c, waits := f.client(WithAttemptTimeout(50 * time.Millisecond))
	if _, err := c.Resources.Get(context.Background(), "res_1"); err != nil {
		t.Fatal(err)
	}
	if f.count() != 2 || len(*waits) != 1 {
		t.Fatalf("%d requests, waits %v", f.count(), *waits)
	}
}

func TestTokenFailureIsATypedErrorAndNotRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		problem(w, 401, `{"type":"https://strata.io/problems/invalid-client","title":"Unauthorized","status":401}`)
	})
	c, err := NewClient(f.srv.URL, WithClientCredentials("cli_1", "wrong"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Resources.Get(context.Background(), "res_1")
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || f.count() != 1 {
		t.Fatalf("%v after %d requests", err, f.count())
	}
}
