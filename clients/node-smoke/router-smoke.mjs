#!/usr/bin/env node
// The root router through the official openai Node SDK, as a user would point it at Hearth: one base URL
// (<URL>/v1), one Hearth token, and models picked by name, managed endpoints and connections alike.
//
// Usage: node router-smoke.mjs BASE_URL TOKEN MANAGED_MODEL CONNECTION_MODEL
// Prints PASS/FAIL per check with the reason; exit code 1 if any check fails.

import OpenAI from "openai";

const [BASE, TOKEN, MANAGED, CONNECTION] = process.argv.slice(2);
if (!CONNECTION) {
  console.error("usage: node router-smoke.mjs BASE_URL TOKEN MANAGED_MODEL CONNECTION_MODEL");
  process.exit(2);
}
const openai = new OpenAI({ baseURL: `${BASE.replace(/\/+$/, "")}/v1`, apiKey: TOKEN, timeout: 60_000, maxRetries: 0 });
const messages = [{ role: "user", content: "Say hello to the cat." }];
let failed = 0;

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`PASS ${name}${detail ? ` (${detail})` : ""}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

await check("models.list() holds the managed endpoint and the connection", async () => {
  const ids = [];
  for await (const m of openai.models.list()) ids.push(m.id, m.name);
  assert(ids.includes(MANAGED), `no ${MANAGED} in ${JSON.stringify(ids)}`);
  assert(ids.includes(CONNECTION), `no ${CONNECTION} in ${JSON.stringify(ids)}`);
  return `${ids.length / 2} models`;
});

for (const model of [MANAGED, CONNECTION]) {
  await check(`chat.completions.create with model ${model}`, async () => {
    const r = await openai.chat.completions.create({ model, messages, max_tokens: 6 });
    const text = r.choices?.[0]?.message?.content;
    assert(typeof text === "string", `no message content in ${JSON.stringify(r)}`);
    assert(Number.isInteger(r.usage?.completion_tokens) && r.usage.completion_tokens > 0, `no usage in ${JSON.stringify(r)}`);
    return `${r.usage.completion_tokens} tokens`;
  });

  await check(`chat.completions.create stream with model ${model}`, async () => {
    const stream = await openai.chat.completions.create({ model, messages, max_tokens: 6, stream: true });
    let chunks = 0, finish = null;
    for await (const c of stream) {
      if (typeof c.choices?.[0]?.delta?.content === "string") chunks++;
      finish = c.choices?.[0]?.finish_reason ?? finish;
    }
    assert(chunks > 0, "no content chunk");
    assert(finish === "length" || finish === "stop", `finish_reason ${finish}`);
    return `${chunks} chunks, ${finish}`;
  });
}

await check(`completions.create with model ${CONNECTION}`, async () => {
  const r = await openai.completions.create({ model: CONNECTION, prompt: "the cat", max_tokens: 4 });
  assert(typeof r.choices?.[0]?.text === "string", `no text in ${JSON.stringify(r)}`);
});

await check("an unknown model is the SDK's NotFoundError with code model_not_found", async () => {
  try {
    await openai.chat.completions.create({ model: "no-such-model", messages, max_tokens: 2 });
  } catch (e) {
    assert(e instanceof OpenAI.NotFoundError, `got ${e?.constructor?.name}: ${e}`);
    assert(e.code === "model_not_found", `code ${e.code}`);
    return e.message;
  }
  throw new Error("no error");
});

await check("a wrong token is the SDK's AuthenticationError", async () => {
  const wrong = new OpenAI({ baseURL: openai.baseURL, apiKey: "not-a-hearth-token", maxRetries: 0 });
  try {
    await wrong.chat.completions.create({ model: MANAGED, messages, max_tokens: 2 });
  } catch (e) {
    assert(e instanceof OpenAI.AuthenticationError, `got ${e?.constructor?.name}: ${e}`);
    return e.message;
  }
  throw new Error("no error");
});

console.log(failed ? `${failed} FAILED` : "ALL PASSED");
process.exit(failed ? 1 : 0);
