// The README's quickstart: node examples/quickstart.mjs (after npm ci && npm run build), with
// STRATA_BASE_URL, STRATA_CLIENT_ID and STRATA_CLIENT_SECRET from `./strata credentials`.
import { Strata, StrataError } from "@strata/sdk";

const strata = new Strata({
  baseUrl: process.env.STRATA_BASE_URL ?? "http://127.0.0.1:8080",
  clientId: process.env.STRATA_CLIENT_ID,
  clientSecret: process.env.STRATA_CLIENT_SECRET,
});

// 1. A resource type: the attributes' JSON Schema and a lifecycle with one action.
const type = "quickstart_ticket";
try {
  await strata.resourceTypes.create({
    name: type,
    description: "A support ticket (SDK quickstart)",
    schema: {
      type: "object",
      required: ["title"],
      properties: { title: { type: "string" }, priority: { type: "integer", minimum: 1, maximum: 5 }, approved_by: { type: "string" } },
    },
    lifecycle: {
      initial: "open",
      states: ["open", "approved"],
      actions: {
        approve: {
          from: ["open"],
          to: "approved",
          input_schema: { type: "object" },
          workflow: { steps: [{ name: "stamp", type: "resource.set", input: { attributes: { approved_by: "input.approver" } } }] },
        },
      },
    },
  });
  console.log(`defined resource type ${type}`);
} catch (err) {
  if (!(err instanceof StrataError && err.status === 409)) throw err;
  console.log(`resource type ${type} is already defined`);
}

// 2. Create, then patch (If-Match is sent for you, from the ETag the client last saw).
const ticket = await strata.resources.create({ type, attributes: { title: "Printer on fire", priority: 2 } });
console.log(`created ${ticket.id} (${ticket.state})`);
const patched = await strata.resources.patch(ticket.id, { priority: 1 });
console.log(`patched ${patched.id} to version ${patched.version}:`, patched.attributes);

// 3. Run an action and wait for its operation.
const { operations } = await strata.resources.runAction({ action: "approve", resource_ids: [ticket.id], input: { approver: "ops" } });
const operation = await strata.operations.wait(operations[0].id, { timeoutMs: 60_000 });
const approved = await strata.resources.get(ticket.id);
console.log(`operation ${operation.id}: ${operation.status}; ${approved.id} is ${approved.state}, approved by ${approved.attributes.approved_by}`);

// 4. Search: every page, lazily. The index catches up within a second or two.
await new Promise((r) => setTimeout(r, 2000));
for await (const r of strata.resources.list({ filter: `type = "${type}"`, order_by: "created_at desc", page_size: 20 })) {
  console.log(`  ${r.id}  ${r.state.padEnd(8)}  ${r.attributes.title}`);
}

// 5. A webhook endpoint: its signing secret is in this answer only. (A local stack accepts a
//    local URL; the platform refuses URLs whose host does not resolve.)
const endpoint = await strata.webhooks.create({ url: "http://127.0.0.1:9/hooks/strata", event_types: ["resource.*"] });
console.log(`webhook endpoint ${endpoint.id}, secret ${endpoint.secret?.slice(0, 10)}...`);
await strata.webhooks.delete(endpoint.id);

// 6. Errors are StrataError with the problem's members.
try {
  await strata.resources.get("res_does_not_exist");
} catch (err) {
  if (!(err instanceof StrataError)) throw err;
  console.log(`expected error: ${err.status} ${err.title} (type ${err.type}, trace ${err.traceId})`);
}

// 7. Clean up.
await strata.resources.delete(ticket.id);
console.log(`deleted ${ticket.id}`);
