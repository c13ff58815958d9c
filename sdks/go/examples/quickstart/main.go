// The README's quickstart: a resource type, a resource, an action on it, the searchable
// list and a webhook endpoint. Run it from sdks/go against ./strata up:
//
//	export STRATA_BASE_URL=http://127.0.0.1:8080
//	export STRATA_CLIENT_ID=... STRATA_CLIENT_SECRET=...   # from ./strata credentials
//	go run ./examples/quickstart
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	strata "github.com/strata-platform/strata/sdks/go"
)

func main() {
	ctx := context.Background()
	client, err := strata.NewClient(os.Getenv("STRATA_BASE_URL"),
		strata.WithClientCredentials(os.Getenv("STRATA_CLIENT_ID"), os.Getenv("STRATA_CLIENT_SECRET")))
	if err != nil {
		log.Fatal(err)
	}

	// A resource type: a JSON schema and a lifecycle with one action.
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	typeName := "ticket_" + hex.EncodeToString(suffix)
	_, err = client.ResourceTypes.Create(ctx, strata.ResourceTypeDefinition{
		Name: typeName,
		Schema: map[string]any{"type": "object", "required": []any{"title"}, "properties": map[string]any{
			"title": map[string]any{"type": "string"}, "priority": map[string]any{"type": "integer"}}},
		Lifecycle: map[string]any{"initial": "open", "states": []any{"open", "approved"},
			"actions": map[string]any{"approve": map[string]any{"from": []any{"open"}, "to": "approved",
				"workflow": map[string]any{"steps": []any{map[string]any{"name": "stamp", "type": "resource.set",
					"input": map[string]any{"attributes": map[string]any{"approved_by": "input.approver"}}}}}}}},
	})
	if err != nil {
		log.Fatal(err)
	}

	// Create, then change it: Update sends If-Match with the ETag the client last saw.
	ticket, err := client.Resources.Create(ctx, strata.CreateResourceParams{
		Type: typeName, Attributes: map[string]any{"title": "Broken login", "priority": 2}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Resources.Patch(ctx, ticket.Id, map[string]any{"priority": 1}); err != nil {
		var apiErr *strata.Error
		if errors.As(err, &apiErr) && apiErr.Status == http.StatusPreconditionFailed {
			log.Fatal("someone else changed the ticket first")
		}
		log.Fatal(err)
	}

	// Run an action and wait for its operation.
	started, err := client.Resources.RunAction(ctx, strata.RunActionParams{
		Action: "approve", ResourceIDs: []string{ticket.Id}, Input: map[string]any{"approver": "ops"}})
	if err != nil {
		log.Fatal(err)
	}
	ids, err := strata.OperationIDs(started) // an error when the action was refused
	if err != nil {
		log.Fatal(err)
	}
	op, err := client.Operations.Wait(ctx, ids[0], strata.WithWaitTimeout(time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("operation", op.Id, op.Status)

	// Search (eventually consistent: give the index a second), every page.
	time.Sleep(2 * time.Second)
	for r, err := range client.Resources.List(ctx, strata.ListResourcesParams{Filter: fmt.Sprintf("type = %q", typeName)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Id, r.State, r.Attributes)
	}

	// A webhook endpoint; keep its secret to verify deliveries with client.Webhooks.Verify.
	endpoint, err := client.Webhooks.Create(ctx, strata.CreateWebhookParams{
		URL: "http://127.0.0.1:9999/hook", EventTypes: []string{"resource.*"}, Description: "quickstart"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("webhook", endpoint.Id, "secret", (*endpoint.Secret)[:10]+"…")
	_ = client.Webhooks.Delete(ctx, endpoint.Id)
}
