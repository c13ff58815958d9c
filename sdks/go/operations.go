package strata

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// OperationsService is client.Operations.
type OperationsService struct{ c *Client }

// Get reads an operation (GET /v2/operations/{id}).
func (s *OperationsService) Get(ctx context.Context, id string) (*Operation, error) {
	op, _, err := call[Operation](ctx, s.c, request{method: http.MethodGet, path: "/v2/operations/" + url.PathEscape(id)})
	return op, err
}

// ListOperationsParams filters the operations list.
type ListOperationsParams struct {
	// ResourceID keeps the operations of one resource.
	ResourceID string
	PageSize   int
}

// List iterates over operations, newest first (GET /v2/operations), as summaries without
// their steps: Get an operation for them.
func (s *OperationsService) List(ctx context.Context, params ListOperationsParams) iter.Seq2[OperationSummary, error] {
	q := ListParams{PageSize: params.PageSize}.apply(nil)
	setIf(q, "resource_id", params.ResourceID)
	return paginate[OperationSummary](ctx, s.c, "/v2/operations", q)
}

// Signal sends a named signal, with an optional JSON payload, to a waiting operation
// (POST /v2/operations/{id}/signals/{name}); a nil payload sends none.
func (s *OperationsService) Signal(ctx context.Context, id, name string, payload map[string]any) (*SignalAccepted, error) {
	req := request{method: http.MethodPost, path: "/v2/operations/" + url.PathEscape(id) + "/signals/" + url.PathEscape(name)}
	if payload != nil {
		req.body = payload
	}
	a, _, err := call[SignalAccepted](ctx, s.c, req)
	return a, err
}

// Cancel asks for an operation to be cancelled (POST /v2/operations/{id}/cancel); Wait
// for it to reach "cancelled" (or "compensated").
func (s *OperationsService) Cancel(ctx context.Context, id string) (*CancelAccepted, error) {
	a, _, err := call[CancelAccepted](ctx, s.c, request{method: http.MethodPost, path: "/v2/operations/" + url.PathEscape(id) + "/cancel"})
	return a, err
}

// WaitOption tunes Wait.
type WaitOption func(*waitConfig)

type waitConfig struct {
	timeout    time.Duration
	first, max time.Duration
	multiplier float64
}

// WithWaitTimeout bounds Wait (default 5 minutes; a deadline on the context applies too).
func WithWaitTimeout(d time.Duration) WaitOption { return func(w *waitConfig) { w.timeout = d } }

// WithPollInterval sets the first and the longest wait between two polls (defaults 200ms
// and 5s); the wait grows by half after each poll.
func WithPollInterval(first, max time.Duration) WaitOption {
	return func(w *waitConfig) { w.first, w.max = first, max }
}

// ErrWaitTimeout is returned (wrapped, with context.DeadlineExceeded) when Wait gives up
// before the operation finished.
var ErrWaitTimeout = errors.New("strata: operation did not finish in time")

// Wait polls an operation until it is finished (completed, failed, compensated or
// cancelled) and returns it; check its Status. Polls back off from 200ms to 5s. When the
// timeout or the context ends first it returns the operation as last seen and an error
// that wraps ErrWaitTimeout (or the context's error).
func (s *OperationsService) Wait(ctx context.Context, id string, opts ...WaitOption) (*Operation, error) {
	cfg := waitConfig{timeout: 5 * time.Minute, first: 200 * time.Millisecond, max: 5 * time.Second, multiplier: 1.5}
	for _, o := range opts {
		o(&cfg)
	}
	waitCtx := ctx
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		waitCtx, cancel = context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
	}
	interval := cfg.first
	var last *Operation
	for {
		op, err := s.Get(waitCtx, id)
		if err != nil {
			if waitCtx.Err() != nil && ctx.Err() == nil {
				return last, fmt.Errorf("%w: %s after %s: %w", ErrWaitTimeout, id, cfg.timeout, context.DeadlineExceeded)
			}
			return last, err
		}
		last = op
		if OperationDone(op.Status) {
			return op, nil
		}
		if err := s.c.sleep(waitCtx, interval); err != nil {
			if ctx.Err() != nil {
				return last, ctx.Err()
			}
			return last, fmt.Errorf("%w: %s is %s after %s: %w", ErrWaitTimeout, id, op.Status, cfg.timeout, context.DeadlineExceeded)
		}
		interval = time.Duration(float64(interval) * cfg.multiplier)
		if interval > cfg.max {
			interval = cfg.max
		}
	}
}
