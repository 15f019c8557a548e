#!/usr/bin/env node
// OpenAI's Batch API on Hearth through the official openai Node SDK, as a user would run it: a JSONL file of chat
// requests uploaded with files.create (purpose "batch"), batches.create over it, batches.retrieve until it ends,
// and files.content of its output file, where every custom_id must be answered exactly once.
//
// Usage: node batch-smoke.mjs BASE_URL TOKEN MODEL [LINES]
// Prints PASS/FAIL per check with the reason; exit code 1 if any check fails.

import OpenAI, { toFile } from "openai";

const [BASE, TOKEN, MODEL, LINES = "6"] = process.argv.slice(2);
if (!MODEL) {
  console.error("usage: node batch-smoke.mjs BASE_URL TOKEN MODEL [LINES]");
  process.exit(2);
}
const openai = new OpenAI({ baseURL: `${BASE.replace(/\/+$/, "")}/v1`, apiKey: TOKEN, timeout: 60_000, maxRetries: 0 });
const ids = Array.from({ length: Number(LINES) }, (_, i) => `job-${i + 1}`);
const jsonl = ids.map((id) => JSON.stringify({
  custom_id: id, method: "POST", url: "/v1/chat/completions",
  body: { model: MODEL, messages: [{ role: "user", content: `Tell me about ${id}.` }], max_tokens: 4 },
})).join("\n") + "\n";
let failed = 0;

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`PASS ${name}${detail ? ` (${detail})` : ""}`);
    return true;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
    return false;
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

let file, batch;
await check("files.create uploads the JSONL with purpose batch", async () => {
  file = await openai.files.create({ file: await toFile(Buffer.from(jsonl), "requests.jsonl"), purpose: "batch" });
  assert(typeof file.id === "string" && file.object === "file", `not a file object: ${JSON.stringify(file)}`);
  assert(file.purpose === "batch", `purpose ${file.purpose}`);
  assert(file.bytes === Buffer.byteLength(jsonl), `bytes ${file.bytes}, sent ${Buffer.byteLength(jsonl)}`);
  assert(file.filename === "requests.jsonl", `filename ${file.filename}`);
  return file.id;
});

await check("files.retrieve describes the upload", async () => {
  const again = await openai.files.retrieve(file.id);
  assert(again.id === file.id && again.bytes === file.bytes, JSON.stringify(again));
});

await check("batches.create starts a batch over the file", async () => {
  batch = await openai.batches.create({
    input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { run: "node-smoke" },
  });
  assert(batch.object === "batch" && typeof batch.id === "string", JSON.stringify(batch));
  assert(batch.input_file_id === file.id, `input_file_id ${batch.input_file_id}`);
  assert(["validating", "in_progress", "finalizing", "completed"].includes(batch.status), `status ${batch.status}`);
  assert(batch.metadata?.run === "node-smoke", `metadata ${JSON.stringify(batch.metadata)}`);
  return `${batch.id} ${batch.status}`;
});

await check("batches.retrieve follows it to completed", async () => {
  const deadline = Date.now() + 150_000;
  const seen = new Set();
  while (!["completed", "failed", "expired", "cancelled"].includes(batch.status)) {
    assert(Date.now() < deadline, `still ${batch.status} ${JSON.stringify(batch.request_counts)}`);
    await new Promise((r) => setTimeout(r, 500));
    batch = await openai.batches.retrieve(batch.id);
    seen.add(batch.status);
  }
  assert(batch.status === "completed", `ended ${batch.status}: ${JSON.stringify(batch.errors ?? null)}`);
  const c = batch.request_counts;
  assert(c?.total === ids.length && c.completed === ids.length && c.failed === 0, `request_counts ${JSON.stringify(c)}`);
  assert(typeof batch.output_file_id === "string", "no output_file_id");
  assert(Number.isInteger(batch.completed_at) && batch.completed_at >= batch.created_at, `completed_at ${batch.completed_at}`);
  return `${[...seen].join(" → ")}, ${c.completed}/${c.total}`;
});

await check("files.content of the output answers every custom_id once", async () => {
  const text = await (await openai.files.content(batch.output_file_id)).text();
  const lines = text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  const answered = lines.map((l) => l.custom_id).sort();
  assert(JSON.stringify(answered) === JSON.stringify([...ids].sort()), `custom_ids ${JSON.stringify(answered)}`);
  for (const l of lines) {
    assert(l.response?.status_code === 200, `${l.custom_id}: status ${l.response?.status_code}`);
    assert(l.error == null, `${l.custom_id}: error ${JSON.stringify(l.error)}`);
    assert(typeof l.response.body?.choices?.[0]?.message?.content === "string", `${l.custom_id}: ${JSON.stringify(l.response.body)}`);
  }
  return `${lines.length} lines`;
});

await check("batches.list holds the batch", async () => {
  const all = [];
  for await (const b of openai.batches.list({ limit: 100 })) all.push(b.id);
  assert(all.includes(batch.id), `no ${batch.id} in ${JSON.stringify(all)}`);
});

await check("an unknown batch is the SDK's NotFoundError", async () => {
  try {
    await openai.batches.retrieve("batch_does_not_exist");
  } catch (e) {
    assert(e instanceof OpenAI.NotFoundError, `got ${e?.constructor?.name}: ${e}`);
    return e.message;
  }
  throw new Error("no error");
});

await check("files.delete removes the input file", async () => {
  const d = await openai.files.delete(file.id);
  assert(d.deleted === true && d.id === file.id, JSON.stringify(d));
});

console.log(failed ? `${failed} FAILED` : "ALL PASSED");
process.exit(failed ? 1 : 0);
