package strata

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// signatureCase is one entry of sdks/testdata/webhook-signatures.json: a signature made by
// the notification service's signer.
type signatureCase struct {
	Secret    string `json:"secret"`
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Payload   string `json:"payload"`
	Signature string `json:"signature"`
}

func loadSignatureCases(t *testing.T) []signatureCase {
	t.Helper()
	raw, err := os.ReadFile("../testdata/webhook-signatures.json")
	if err != nil {
		t.Fatalf("the shared fixture: %v", err)
	}
	var fixture struct {
		Cases []signatureCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &fixture); err != nil || len(fixture.Cases) == 0 {
		t.Fatalf("the shared fixture has no cases (%v)", err)
	}
	return fixture.Cases
}

func headersOf(c signatureCase) http.Header {
	h := http.Header{}
	h.Set("webhook-id", c.ID)
	h.Set("webhook-timestamp", strconv.FormatInt(c.Timestamp, 10))
	h.Set("webhook-signature", c.Signature)
	return h
}

func TestVerifyFixtureSignatures(t *testing.T) {
	for _, c := range loadSignatureCases(t) {
		t.Run(c.ID, func(t *testing.T) {
			at := time.Unix(c.Timestamp, 0)
			if err := verifyWebhook([]byte(c.Payload), headersOf(c), c.Secret, at.Add(30*time.Second)); err != nil {
				t.Fatalf("valid signature refused: %v", err)
			}
			err := verifyWebhook([]byte(c.Payload+" "), headersOf(c), c.Secret, at)
			if !errors.Is(err, ErrWebhookSignature) {
				t.Fatalf("tampered payload: %v", err)
			}
			tampered := []byte(c.Payload)
			tampered[len(tampered)/2] ^= 1
			if err := verifyWebhook(tampered, headersOf(c), c.Secret, at); !errors.Is(err, ErrWebhookSignature) {
				t.Fatalf("flipped bit: %v", err)
			}
			if err := verifyWebhook([]byte(c.Payload), headersOf(c), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", at); !errors.Is(err, ErrWebhookSignature) {
				t.Fatalf("wrong secret: %v", err)
			}
			if err := verifyWebhook([]byte(c.Payload), headersOf(c), c.Secret, at.Add(WebhookTolerance+time.Minute)); !errors.Is(err, ErrWebhookTooOld) {
				t.Fatalf("old timestamp: %v", err)
			}
			if err := verifyWebhook([]byte(c.Payload), headersOf(c), c.Secret, at.Add(-WebhookTolerance-time.Minute)); !errors.Is(err, ErrWebhookTooNew) {
				t.Fatalf("future timestamp: %v", err)
			}
			other := headersOf(c)
			other.Set("webhook-id", c.ID+"x")
			if err := verifyWebhook([]byte(c.Payload), other, c.Secret, at); !errors.Is(err, ErrWebhookSignature) {
				t.Fatalf("other message id: %v", err)
			}
			missing := headersOf(c)
			missing.Del("webhook-signature")
			if err := verifyWebhook([]byte(c.Payload), missing, c.Secret, at); !errors.Is(err, ErrWebhookHeaders) {
				t.Fatalf("missing header: %v", err)
			}
		})
	}
}

func TestVerifyAcceptsAnyOfSeveralSignatures(t *testing.T) {
	c := loadSignatureCases(t)[0]
	h := headersOf(c)
	h.Set("webhook-signature", "v1,bm90IHRoaXMgb25l "+c.Signature)
	if err := verifyWebhook([]byte(c.Payload), h, c.Secret, time.Unix(c.Timestamp, 0)); err != nil {
		t.Fatalf("rotation (two signatures): %v", err)
	}
}

func TestVerifyNowThroughTheClientAndWithout(t *testing.T) {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	wh, _ := standardwebhooks.NewWebhook(secret)
	payload := []byte(`{"type":"resource.created","data":{"id":"res_1"}}`)
	now := time.Now()
	sig, _ := wh.Sign("msg_1", now, payload)
	h := http.Header{}
	h.Set("webhook-id", "msg_1")
	h.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	h.Set("webhook-signature", sig)
	c, _ := NewClient("http://127.0.0.1:1", WithToken("x"))
	if err := c.Webhooks.Verify(payload, h, secret); err != nil {
		t.Fatal(err)
	}
	if err := VerifyWebhook(payload, h, secret); err != nil {
		t.Fatal(err)
	}
	if err := VerifyWebhook(payload, h, "not base64!"); err == nil {
		t.Fatal("a malformed secret verified")
	}
	old := h.Clone()
	old.Set("webhook-timestamp", strconv.FormatInt(now.Add(-time.Hour).Unix(), 10))
	old.Set("webhook-signature", func() string { s, _ := wh.Sign("msg_1", now.Add(-time.Hour), payload); return s }())
	if err := c.Webhooks.Verify(payload, old, secret); !errors.Is(err, ErrWebhookTooOld) {
		t.Fatalf("an hour-old webhook: %v", err)
	}
}
