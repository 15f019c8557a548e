#!/usr/bin/env node
// Smoke test of a Hearth embedding worker through the official Node SDKs:
//   openai's embeddings.create (float and base64) and @huggingface/inference's featureExtraction.
// Usage: node embed-smoke.mjs BASE_URL      Exit code 1 if any check fails.

import OpenAI from "openai";
import { InferenceClient } from "@huggingface/inference";

const BASE = (process.argv[2] ?? process.env.HEARTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
let failed = 0;

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`PASS ${name}${detail ? ` — ${detail}` : ""}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name} — ${e?.stack ?? e}`);
  }
}
function assert(cond, message) { if (!cond) throw new Error(message); }
const cosine = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0) /
  Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0));

const openai = new OpenAI({ baseURL: `${BASE}/v1`, apiKey: "unused" });
const sentences = ["A cat sits on the mat", "A kitten rests on a rug", "Quarterly revenue rose 4% on strong margins"];

await check("openai embeddings.create (float)", async () => {
  const r = await openai.embeddings.create({ model: "sentence-transformers/all-MiniLM-L6-v2", input: sentences, encoding_format: "float" });
  assert(r.object === "list" && r.data.length === 3, `shape: ${JSON.stringify(r).slice(0, 200)}`);
  const [cat, kitten, money] = r.data.map((d) => d.embedding);
  assert(cat.length === 384, `dimension ${cat.length}`);
  assert(r.usage.prompt_tokens > 0 && r.usage.total_tokens === r.usage.prompt_tokens, "usage");
  const near = cosine(cat, kitten), far = Math.max(cosine(cat, money), cosine(kitten, money));
  assert(near > far + 0.2, `cat/kitten ${near.toFixed(3)} vs finance ${far.toFixed(3)}`);
  return `cos(cat,kitten)=${near.toFixed(3)} > cos(.,finance)=${far.toFixed(3)}`;
});

await check("openai embeddings.create (base64) equals float", async () => {
  const f = await openai.embeddings.create({ model: "m", input: "hello world", encoding_format: "float" });
  const b = await openai.embeddings.create({ model: "m", input: "hello world", encoding_format: "base64" });
  const decoded = typeof b.data[0].embedding === "string"
    ? (() => { const buf = Buffer.from(b.data[0].embedding, "base64");
               return Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4)); })()
    : b.data[0].embedding;
  const diff = Math.max(...decoded.map((x, i) => Math.abs(x - f.data[0].embedding[i])));
  assert(decoded.length === 384 && diff < 1e-5, `max difference ${diff}`);
  return `max difference ${diff.toExponential(1)}`;
});

await check("openai: an empty input is a 4xx APIError", async () => {
  try {
    await openai.embeddings.create({ model: "m", input: "" });
  } catch (e) {
    assert(e.status >= 400 && e.status < 500, `status ${e.status}`);
    return `status ${e.status}`;
  }
  throw new Error("no error");
});

await check("@huggingface/inference featureExtraction", async () => {
  const client = new InferenceClient();
  const one = await client.featureExtraction({ endpointUrl: BASE, inputs: "A cat sits on the mat" });
  const two = await client.featureExtraction({ endpointUrl: BASE, inputs: ["A cat", "A dog"] });
  const flat = Array.isArray(one[0]) ? one[0] : one;
  assert(flat.length === 384, `single: ${JSON.stringify(one).slice(0, 80)}`);
  assert(two.length === 2 && two[1].length === 384, `batch: ${JSON.stringify(two).slice(0, 80)}`);
  return `(${Array.isArray(one[0]) ? `${one.length}, ` : ""}${flat.length}) and (${two.length}, ${two[0].length})`;
});

process.exit(failed ? 1 : 0);
