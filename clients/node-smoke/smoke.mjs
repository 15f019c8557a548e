#!/usr/bin/env node
// Smoke test of a Hearth worker through the official Node SDKs, used the way a new user would use them:
//   - openai                  (OpenAI-compatible routes under <URL>/v1)
//   - @huggingface/inference  (InferenceClient pointed at an endpoint URL, as for a TGI Inference Endpoint)
//
// Usage: node smoke.mjs [BASE_URL]      (or HEARTH_URL=http://host:port node smoke.mjs)
//        SMOKE_VERBOSE=1 prints every HTTP exchange, not only those of failing checks.
//
// Every check prints PASS/FAIL with a reason. On FAIL, the exact HTTP exchanges the SDK made during that
// check are printed (captured by a recording fetch handed to both SDKs). Exit code is 1 if any check fails.

import OpenAI from "openai";
import * as HF from "@huggingface/inference";
import { readFileSync } from "node:fs";

const BASE = (process.argv[2] ?? process.env.HEARTH_URL ?? "http://localhost:18081").replace(/\/+$/, "");
const VERBOSE = !!process.env.SMOKE_VERBOSE;
const CHECK_TIMEOUT_MS = 60_000;
const MAX_NEW = 8;

// ---------------------------------------------------------------------------------------------------------------
// Recording fetch: both SDKs accept a custom fetch; this one keeps the wire exchange for diagnosis.
// ---------------------------------------------------------------------------------------------------------------
let exchanges = [];
async function recordingFetch(input, init = {}) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const method = init.method ?? (typeof input === "object" && input.method) ?? "GET";
  const headers = {};
  new Headers(init.headers ?? (typeof input === "object" ? input.headers : undefined)).forEach((v, k) => {
    headers[k] = k === "authorization" ? v.replace(/(Bearer )(.{4}).*/, "$1$2…") : v;
  });
  const ex = { method, url, reqHeaders: headers, reqBody: typeof init.body === "string" ? init.body : init.body ? "[non-string body]" : "" };
  exchanges.push(ex);
  let res;
  try {
    res = await fetch(input, init);
  } catch (e) {
    ex.networkError = String(e?.cause ?? e);
    throw e;
  }
  ex.status = res.status;
  ex.resHeaders = {};
  res.headers.forEach((v, k) => (ex.resHeaders[k] = v));
  ex.resBody = res.clone().text().catch((e) => `[could not read body: ${e}]`);
  return res;
}

async function dumpExchanges(list) {
  for (const ex of list) {
    const body = ex.resBody ? await Promise.race([ex.resBody, sleep(3000).then(() => "[body still streaming]")]) : "";
    console.log(`      >>> ${ex.method} ${ex.url}`);
    console.log(`      >>> headers ${JSON.stringify(ex.reqHeaders)}`);
    if (ex.reqBody) console.log(`      >>> body ${ex.reqBody}`);
    if (ex.networkError) { console.log(`      <<< network error ${ex.networkError}`); continue; }
    console.log(`      <<< ${ex.status} content-type=${ex.resHeaders["content-type"]}`);
    console.log(`      <<< body ${trunc(body, 2000).replace(/\n/g, "\n               ")}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tiny check harness
// ---------------------------------------------------------------------------------------------------------------
const results = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const trunc = (s, n = 300) => (s == null ? String(s) : (s = String(s)).length > n ? s.slice(0, n) + `…(+${s.length - n})` : s);
const j = (x) => trunc(JSON.stringify(x), 400);

class CheckFailure extends Error {}
function assert(cond, msg) { if (!cond) throw new CheckFailure(msg); }
const isStr = (x) => typeof x === "string";
const isInt = (x) => Number.isInteger(x);

async function check(name, fn) {
  exchanges = [];
  const started = Date.now();
  let timer;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise((_, rej) => (timer = setTimeout(() => rej(new CheckFailure(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
    ]);
    console.log(`PASS ${name} (${Date.now() - started} ms)${detail ? ` — ${detail}` : ""}`);
    results.push({ name, ok: true });
    if (VERBOSE) await dumpExchanges(exchanges);
  } catch (e) {
    const why = e instanceof CheckFailure ? e.message : `unexpected ${e?.constructor?.name}: ${e?.message ?? e}`;
    console.log(`FAIL ${name} — ${why}`);
    results.push({ name, ok: false, why });
    await dumpExchanges(exchanges);
  } finally {
    clearTimeout(timer);
  }
}

// Usage block shared by both OpenAI-shaped routes.
function checkUsage(usage, { maxCompletion, finish, observedTokens }) {
  assert(usage && typeof usage === "object", `usage missing: ${j(usage)}`);
  const { prompt_tokens: p, completion_tokens: c, total_tokens: t } = usage;
  assert(isInt(p) && p > 0, `usage.prompt_tokens should be a positive int, got ${j(p)}`);
  assert(isInt(c) && c >= 1 && c <= maxCompletion, `usage.completion_tokens should be in [1, ${maxCompletion}], got ${j(c)}`);
  assert(t === p + c, `usage.total_tokens ${t} != prompt ${p} + completion ${c}`);
  if (finish === "length") assert(c === maxCompletion, `finish_reason=length but completion_tokens=${c} != max ${maxCompletion}`);
  if (observedTokens != null) assert(observedTokens === c, `saw ${observedTokens} token events but usage.completion_tokens=${c}`);
  return `usage ${p}+${c}=${t}`;
}

const OPENAI_FINISH = ["stop", "length", "stop_sequence", "eos_token", "tool_calls", "content_filter"];

// Expect `promise` (or the async iteration inside it) to reject with a TGI validation error.
async function expectRejection(promiseFn) {
  try {
    const r = await promiseFn();
    throw new CheckFailure(`expected an error, got success: ${j(r)}`);
  } catch (e) {
    if (e instanceof CheckFailure) throw e;
    return e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 0. server reachable
// ---------------------------------------------------------------------------------------------------------------
console.log(`Hearth smoke test against ${BASE}`);
const pkgVersion = (name) => {
  try { return JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version; } catch { return "?"; }
};
console.log(`node ${process.version}; openai ${pkgVersion("openai")}; @huggingface/inference ${pkgVersion("@huggingface/inference")}`);

let modelId = "hearth-demo";
await check("health: GET /health answers 200", async () => {
  const r = await recordingFetch(`${BASE}/health`);
  assert(r.status === 200, `status ${r.status}`);
  const info = await (await recordingFetch(`${BASE}/info`)).json();
  assert(isStr(info.model_id), `/info.model_id missing: ${j(info)}`);
  modelId = info.model_id;
  return `/info.model_id=${modelId} max_total_tokens=${info.max_total_tokens}`;
});

// ---------------------------------------------------------------------------------------------------------------
// 1. openai SDK
// ---------------------------------------------------------------------------------------------------------------
const openai = new OpenAI({ baseURL: `${BASE}/v1`, apiKey: "unused", fetch: recordingFetch, timeout: CHECK_TIMEOUT_MS });
const chatMessages = [
  { role: "system", content: "You are a terse assistant." },
  { role: "user", content: "Say hello in three words." },
];

await check("openai models.list()", async () => {
  const ids = [];
  for await (const m of openai.models.list()) {
    assert(m.object === "model", `model.object should be "model": ${j(m)}`);
    assert(isStr(m.id) && m.id.length > 0, `model.id should be a non-empty string: ${j(m)}`);
    assert(isInt(m.created), `model.created should be an int: ${j(m)}`);
    assert(isStr(m.owned_by), `model.owned_by should be a string: ${j(m)}`);
    ids.push(m.id);
  }
  assert(ids.length >= 1, "no models listed");
  assert(ids.includes(modelId), `served model ${modelId} not in list ${j(ids)}`);
  return `ids=${j(ids)}`;
});

await check("openai chat.completions.create (non-streaming)", async () => {
  const r = await openai.chat.completions.create({ model: modelId, messages: chatMessages, max_tokens: MAX_NEW, seed: 7 });
  assert(r.object === "chat.completion", `object=${j(r.object)}`);
  assert(isStr(r.id), `id should be a string: ${j(r.id)}`);
  assert(isInt(r.created) && r.created > 1.6e9 && r.created < 4e9, `created should be unix seconds: ${j(r.created)}`);
  assert(isStr(r.model) && r.model.length > 0, `model=${j(r.model)}`);
  assert(Array.isArray(r.choices) && r.choices.length === 1, `expected exactly 1 choice: ${j(r.choices)}`);
  const c = r.choices[0];
  assert(c.index === 0, `choices[0].index=${j(c.index)}`);
  assert(c.message?.role === "assistant", `message.role=${j(c.message?.role)}`);
  assert(isStr(c.message.content), `message.content should be a string: ${j(c.message)}`);
  assert(OPENAI_FINISH.includes(c.finish_reason), `finish_reason=${j(c.finish_reason)}`);
  if (c.finish_reason === "length") assert(c.message.content.length > 0, "finish_reason=length but empty content");
  const u = checkUsage(r.usage, { maxCompletion: MAX_NEW, finish: c.finish_reason });
  return `finish=${c.finish_reason} ${u} content=${j(c.message.content)}`;
});

await check("openai chat.completions.create temperature=0 is greedy (deterministic)", async () => {
  const req = { model: modelId, messages: chatMessages, max_tokens: MAX_NEW, temperature: 0 };
  const a = await openai.chat.completions.create(req);
  const b = await openai.chat.completions.create(req);
  const ta = a.choices[0].message.content, tb = b.choices[0].message.content;
  assert(isStr(ta), `content not a string: ${j(a)}`);
  assert(ta === tb, `two greedy runs differ: ${j(ta)} vs ${j(tb)}`);
  return `content=${j(ta)}`;
});

await check("openai chat.completions.create (stream: true)", async () => {
  const stream = await openai.chat.completions.create({ model: modelId, messages: chatMessages, max_tokens: MAX_NEW, stream: true, seed: 7 });
  let text = "", n = 0, last = null, finishes = [];
  for await (const chunk of stream) {
    assert(chunk.object === "chat.completion.chunk", `chunk.object=${j(chunk.object)}`);
    assert(isInt(chunk.created), `chunk.created=${j(chunk.created)}`);
    assert(Array.isArray(chunk.choices) && chunk.choices.length === 1, `chunk.choices: ${j(chunk)}`);
    const ch = chunk.choices[0];
    assert(ch.index === 0, `chunk choice index=${j(ch.index)}`);
    assert(ch.delta && typeof ch.delta === "object", `delta missing: ${j(chunk)}`);
    if (ch.delta.content != null) { assert(isStr(ch.delta.content), `delta.content not a string: ${j(ch.delta)}`); text += ch.delta.content; }
    finishes.push(ch.finish_reason ?? null);
    n++;
    last = chunk;
  }
  assert(n >= 1, "stream yielded no chunks");
  const fr = last.choices[0].finish_reason;
  assert(OPENAI_FINISH.includes(fr), `last chunk finish_reason=${j(fr)}`);
  assert(finishes.slice(0, -1).every((f) => f == null), `finish_reason set before the last chunk: ${j(finishes)}`);
  assert(n <= MAX_NEW + 1, `got ${n} chunks for max_tokens=${MAX_NEW}`);
  if (fr === "length") assert(n === MAX_NEW, `finish=length but ${n} token chunks for max_tokens=${MAX_NEW}`);
  return `${n} chunks, finish=${fr}, text=${j(text)}`;
});

await check("openai chat.completions.create (stream + stream_options.include_usage)", async () => {
  const stream = await openai.chat.completions.create({
    model: modelId, messages: chatMessages, max_tokens: MAX_NEW, stream: true, stream_options: { include_usage: true },
  });
  let tokenChunks = 0, usageChunk = null, finish = null;
  for await (const chunk of stream) {
    if (chunk.choices.length === 0) { usageChunk = chunk; continue; }
    assert(usageChunk == null, "token chunk arrived after the usage chunk");
    tokenChunks++;
    if (chunk.choices[0].finish_reason) finish = chunk.choices[0].finish_reason;
  }
  assert(usageChunk, "no final chunk with choices: [] and usage");
  const u = checkUsage(usageChunk.usage, { maxCompletion: MAX_NEW, finish, observedTokens: tokenChunks });
  return `${tokenChunks} token chunks, finish=${finish}, ${u}`;
});

await check("openai completions.create (non-streaming)", async () => {
  const r = await openai.completions.create({ model: modelId, prompt: "Once upon a time", max_tokens: MAX_NEW, seed: 7 });
  assert(r.object === "text_completion", `object=${j(r.object)}`);
  assert(isInt(r.created), `created=${j(r.created)}`);
  assert(Array.isArray(r.choices) && r.choices.length === 1, `choices: ${j(r.choices)}`);
  const c = r.choices[0];
  assert(c.index === 0, `index=${j(c.index)}`);
  assert(isStr(c.text), `text should be a string: ${j(c)}`);
  assert(OPENAI_FINISH.includes(c.finish_reason), `finish_reason=${j(c.finish_reason)}`);
  if (c.finish_reason === "length") assert(c.text.length > 0, "finish_reason=length but empty text");
  const u = checkUsage(r.usage, { maxCompletion: MAX_NEW, finish: c.finish_reason });
  return `finish=${c.finish_reason} ${u} text=${j(c.text)}`;
});

await check("openai completions.create (stream: true)", async () => {
  const stream = await openai.completions.create({ model: modelId, prompt: "Once upon a time", max_tokens: MAX_NEW, stream: true, seed: 7 });
  let text = "", n = 0, last = null, usage = null;
  for await (const chunk of stream) {
    assert(chunk.object === "text_completion", `chunk.object=${j(chunk.object)}`);
    assert(Array.isArray(chunk.choices) && chunk.choices.length === 1, `chunk.choices: ${j(chunk)}`);
    assert(isStr(chunk.choices[0].text), `chunk text not a string: ${j(chunk)}`);
    text += chunk.choices[0].text;
    if (chunk.usage) usage = chunk.usage;
    n++;
    last = chunk;
  }
  assert(n >= 1, "no chunks");
  const fr = last.choices[0].finish_reason;
  assert(OPENAI_FINISH.includes(fr), `last chunk finish_reason=${j(fr)}`);
  // TGI puts usage on the final chunk of /v1/completions streams.
  const u = usage ? checkUsage(usage, { maxCompletion: MAX_NEW, finish: fr, observedTokens: n }) : "no usage";
  return `${n} chunks, finish=${fr}, ${u}, text=${j(text)}`;
});

function checkOpenAIValidationError(e, param) {
  assert(e instanceof OpenAI.APIError, `expected OpenAI.APIError, got ${e?.constructor?.name}: ${e?.message}`);
  assert(e.status === 422, `expected status 422, got ${e.status} (${e.message})`);
  assert(e instanceof OpenAI.UnprocessableEntityError, `expected UnprocessableEntityError, got ${e.constructor.name}`);
  // TGI body: {"error": "Input validation error: ...", "error_type": "validation"}; the SDK hands e.error = body.error.
  const body = exchanges.at(-1)?.resBody;
  return body.then((b) => {
    let parsed;
    try { parsed = JSON.parse(b); } catch { throw new CheckFailure(`error body is not JSON: ${trunc(b)}`); }
    assert(isStr(parsed.error) && parsed.error.startsWith("Input validation error:"), `body.error should start with "Input validation error:": ${j(parsed)}`);
    assert(parsed.error.includes(param), `body.error should name ${param}: ${j(parsed.error)}`);
    assert(parsed.error_type === "validation", `body.error_type should be "validation": ${j(parsed)}`);
    assert(e.error === parsed.error, `APIError.error should carry the TGI message: ${j(e.error)}`);
    assert(e.message.includes(parsed.error), `APIError.message should include the TGI message: ${j(e.message)}`);
    return `${e.constructor.name} ${e.status}: ${e.message}`;
  });
}

await check("openai chat.completions.create invalid top_p=1.5 -> APIError 422 (TGI shape)", async () => {
  const e = await expectRejection(() => openai.chat.completions.create({ model: modelId, messages: chatMessages, max_tokens: MAX_NEW, top_p: 1.5 }));
  return checkOpenAIValidationError(e, "top_p");
});

await check("openai completions.create invalid temperature=-1 -> APIError 422 (TGI shape)", async () => {
  const e = await expectRejection(() => openai.completions.create({ model: modelId, prompt: "Hi", max_tokens: MAX_NEW, temperature: -1 }));
  return checkOpenAIValidationError(e, "temperature");
});

await check("openai chat.completions.create stream invalid top_p=1.5 -> APIError from the stream", async () => {
  // TGI answers 200 text/event-stream then data: {"error":{"message":..,"http_status_code":422}} then [DONE].
  const e = await expectRejection(async () => {
    const s = await openai.chat.completions.create({ model: modelId, messages: chatMessages, max_tokens: MAX_NEW, top_p: 1.5, stream: true });
    const got = [];
    for await (const c of s) got.push(c);
    return got;
  });
  assert(e instanceof OpenAI.APIError, `expected APIError, got ${e?.constructor?.name}: ${e?.message}`);
  assert(/Input validation error: .*top_p/.test(e.message), `message should carry TGI's validation text: ${j(e.message)}`);
  return `${e.constructor.name} status=${e.status}: ${e.message}`;
});

// ---------------------------------------------------------------------------------------------------------------
// 2. @huggingface/inference
// ---------------------------------------------------------------------------------------------------------------
const Client = HF.InferenceClient ?? HF.HfInference;
const hf = new Client(undefined, { endpointUrl: BASE, fetch: recordingFetch });
const PROMPT = "The capital of France is";

function hfErrorText(e) {
  const parts = [e?.message];
  if (e?.httpResponse) parts.push(`status=${e.httpResponse.status} body=${j(e.httpResponse.body)}`);
  return parts.join(" ");
}
function hfStatus(e) { return e?.httpResponse?.status; }

await check("hf textGeneration {max_new_tokens: 8, details: true}", async () => {
  const r = await hf.textGeneration({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW, details: true } });
  assert(r && isStr(r.generated_text) && r.generated_text.length > 0, `generated_text should be a non-empty string: ${j(r)}`);
  const ex = exchanges.at(-1);
  const note = `SDK POSTed ${new URL(ex.url).pathname}`;
  if (r.details) {
    assert(["length", "eos_token", "stop_sequence"].includes(r.details.finish_reason), `details.finish_reason=${j(r.details.finish_reason)}`);
    assert(r.details.generated_tokens === r.details.tokens?.length, `details.generated_tokens != tokens.length`);
    return `${note}; details present; text=${j(r.generated_text)}`;
  }
  // @huggingface/inference >= 4 sends text-generation to <endpoint>/v1/completions and keeps only choices[0].text,
  // so `details` cannot surface through this SDK. Check the wire response instead.
  const wire = JSON.parse(await ex.resBody);
  assert(wire.object === "text_completion", `wire object=${j(wire.object)}`);
  assert(wire.choices?.[0]?.text === r.generated_text, "generated_text != wire choices[0].text");
  const u = checkUsage(wire.usage, { maxCompletion: MAX_NEW, finish: wire.choices[0].finish_reason });
  return `${note}; SDK returns no details (by design in this version); wire finish=${wire.choices[0].finish_reason} ${u}; text=${j(r.generated_text)}`;
});

await check("hf textGenerationStream (iterate tokens)", async () => {
  let n = 0, text = "", last = null, shape = null;
  for await (const ev of hf.textGenerationStream({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW } })) {
    n++;
    last = ev;
    if (ev?.token) { // TGI /generate_stream shape
      shape = "tgi";
      assert(isStr(ev.token.text) && isInt(ev.token.id) && typeof ev.token.special === "boolean", `bad token: ${j(ev)}`);
      if (!ev.token.special) text += ev.token.text;
    } else if (ev?.choices) { // OpenAI text_completion chunk shape (what SDK >= 4 asks for)
      shape = "openai";
      assert(isStr(ev.choices[0]?.text), `chunk text not a string: ${j(ev)}`);
      text += ev.choices[0].text;
    } else {
      throw new CheckFailure(`unrecognised stream event: ${j(ev)}`);
    }
  }
  assert(n >= 1 && n <= MAX_NEW, `expected 1..${MAX_NEW} events, got ${n}`);
  if (shape === "tgi") {
    assert(isStr(last.generated_text), `last event should carry generated_text: ${j(last)}`);
  } else {
    const fr = last.choices[0].finish_reason;
    assert(OPENAI_FINISH.includes(fr), `last chunk finish_reason=${j(fr)}`);
    if (last.usage) checkUsage(last.usage, { maxCompletion: MAX_NEW, finish: fr, observedTokens: n });
  }
  return `${n} events (${shape} shape via ${new URL(exchanges.at(-1).url).pathname}), text=${j(text)}`;
});

await check("hf chatCompletion", async () => {
  const r = await hf.chatCompletion({ messages: chatMessages, max_tokens: MAX_NEW });
  assert(r.object === "chat.completion", `object=${j(r.object)}`);
  assert(Array.isArray(r.choices) && r.choices.length === 1, `choices=${j(r.choices)}`);
  const c = r.choices[0];
  assert(c.message?.role === "assistant" && isStr(c.message.content), `message=${j(c.message)}`);
  assert(OPENAI_FINISH.includes(c.finish_reason), `finish_reason=${j(c.finish_reason)}`);
  const u = checkUsage(r.usage, { maxCompletion: MAX_NEW, finish: c.finish_reason });
  return `model echoed=${j(r.model)} finish=${c.finish_reason} ${u} content=${j(c.message.content)}`;
});

await check("hf chatCompletionStream", async () => {
  let n = 0, text = "", last = null;
  for await (const chunk of hf.chatCompletionStream({ messages: chatMessages, max_tokens: MAX_NEW })) {
    assert(chunk.object === "chat.completion.chunk", `chunk.object=${j(chunk.object)}`);
    const d = chunk.choices?.[0]?.delta;
    assert(d && typeof d === "object", `delta missing: ${j(chunk)}`);
    if (d.content != null) text += d.content;
    n++;
    last = chunk;
  }
  assert(n >= 1 && n <= MAX_NEW, `expected 1..${MAX_NEW} chunks, got ${n}`);
  const fr = last.choices[0].finish_reason;
  assert(OPENAI_FINISH.includes(fr), `last finish_reason=${j(fr)}`);
  return `${n} chunks, finish=${fr}, text=${j(text)}`;
});

await check("hf client.endpoint(URL + '/v1/') chatCompletion (form shown in the SDK README)", async () => {
  const r = await hf.endpoint(`${BASE}/v1/`).chatCompletion({ messages: chatMessages, max_tokens: MAX_NEW });
  const path = new URL(exchanges.at(-1).url).pathname;
  assert(path === "/v1/chat/completions", `SDK posted to ${path}`);
  assert(r.object === "chat.completion" && isStr(r.choices?.[0]?.message?.content), `response: ${j(r)}`);
  const u = checkUsage(r.usage, { maxCompletion: MAX_NEW, finish: r.choices[0].finish_reason });
  return `${path} finish=${r.choices[0].finish_reason} ${u}`;
});

await check("hf textGeneration invalid top_p=1.5 -> error with TGI message", async () => {
  const e = await expectRejection(() => hf.textGeneration({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW, top_p: 1.5 } }));
  assert(/Input validation error: `top_p`/.test(e.message), `error should carry TGI's message: ${hfErrorText(e)}`);
  assert(hfStatus(e) === 422, `expected HTTP 422, got ${hfStatus(e)}`);
  return `${e.constructor.name}: ${e.message}`;
});

await check("hf textGeneration temperature=0 (SDK >= 4 routes to /v1/completions, where TGI maps 0 to greedy)", async () => {
  // On TGI's native routes temperature=0 is a 422; on its OpenAI routes it means greedy. Check which route the SDK used.
  let r, err;
  try { r = await hf.textGeneration({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW, temperature: 0 } }); } catch (e) { err = e; }
  const path = new URL(exchanges.at(-1).url).pathname;
  if (path.endsWith("/v1/completions")) {
    assert(!err, `TGI accepts temperature=0 on /v1/completions (greedy), Hearth errored: ${hfErrorText(err)}`);
    assert(isStr(r.generated_text), `generated_text: ${j(r)}`);
    return `accepted as greedy on ${path}, text=${j(r.generated_text)}`;
  }
  assert(err, `expected a 422 on native route ${path}, got ${j(r)}`);
  assert(/Input validation error: `temperature` must be strictly positive/.test(err.message), hfErrorText(err));
  return `${err.message}`;
});

await check("hf textGenerationStream invalid top_p=1.5 -> error from the stream", async () => {
  const e = await expectRejection(async () => {
    const got = [];
    for await (const ev of hf.textGenerationStream({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW, top_p: 1.5 } })) got.push(ev);
    return got;
  });
  assert(/Input validation error: `top_p`/.test(e.message), `error should carry TGI's message: ${hfErrorText(e)}`);
  return `${e.constructor.name}: ${e.message}`;
});

await check("hf chatCompletion invalid temperature=-1 -> error with TGI message", async () => {
  const e = await expectRejection(() => hf.chatCompletion({ messages: chatMessages, max_tokens: MAX_NEW, temperature: -1 }));
  assert(/Input validation error: `temperature`/.test(e.message), `error should carry TGI's message: ${hfErrorText(e)}`);
  assert(hfStatus(e) === 422, `expected HTTP 422, got ${hfStatus(e)}`);
  return `${e.constructor.name}: ${e.message}`;
});

// The SDK's (deprecated) raw request()/streamingRequest() POST the TGI-native body to the endpoint URL itself
// (TGI's compat route `POST /`), which is the only way left in this SDK to see `details`.
await check("hf request() native POST / {parameters: {max_new_tokens: 8, details: true}}", async () => {
  assert(typeof hf.request === "function", "InferenceClient.request not available in this version");
  const r = await hf.request({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW, details: true } });
  assert(Array.isArray(r) && r.length === 1, `POST / must answer a one-element JSON array, got ${j(r)}`);
  const g = r[0];
  assert(isStr(g.generated_text) && g.generated_text.length > 0, `generated_text: ${j(g)}`);
  const d = g.details;
  assert(d && typeof d === "object", `details missing: ${j(g)}`);
  assert(["length", "eos_token", "stop_sequence"].includes(d.finish_reason), `details.finish_reason=${j(d.finish_reason)}`);
  assert(isInt(d.generated_tokens) && d.generated_tokens >= 1 && d.generated_tokens <= MAX_NEW, `generated_tokens=${j(d.generated_tokens)}`);
  assert(Array.isArray(d.tokens) && d.tokens.length === d.generated_tokens, `tokens.length ${d.tokens?.length} != generated_tokens ${d.generated_tokens}`);
  for (const t of d.tokens) assert(isInt(t.id) && isStr(t.text) && typeof t.special === "boolean" && (t.logprob === null || typeof t.logprob === "number"), `bad token ${j(t)}`);
  if (d.finish_reason === "length") assert(d.generated_tokens === MAX_NEW, `finish=length but generated_tokens=${d.generated_tokens}`);
  // POST / defaults return_full_text to true for text-generation models: text = prompt + tokens.
  const joined = d.tokens.filter((t) => !t.special).map((t) => t.text).join("");
  // Token texts hold back an incomplete UTF-8 sequence (text ""), while generated_text is the decode of all ids, so
  // with byte-fallback tokens it may end in U+FFFD where the joined token texts do not (TGI does the same).
  const norm = (s) => s.replace(/\uFFFD+$/, "");
  assert(norm(g.generated_text) === norm(PROMPT + joined) || norm(g.generated_text) === norm(joined),
    `generated_text ${j(g.generated_text)} is not (prompt +) token texts ${j(joined)}`);
  return `finish=${d.finish_reason} generated_tokens=${d.generated_tokens} text=${j(g.generated_text)}`;
});

await check("hf streamingRequest() native POST / stream:true (TGI token events)", async () => {
  assert(typeof hf.streamingRequest === "function", "InferenceClient.streamingRequest not available");
  let n = 0, joined = "", last = null;
  for await (const ev of hf.streamingRequest({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW, details: true } })) {
    assert(ev.token && isInt(ev.token.id) && isStr(ev.token.text), `bad token event ${j(ev)}`);
    n++;
    if (!ev.token.special) joined += ev.token.text;
    assert(ev.index === n, `event index ${ev.index} should be ${n}`);
    last = ev;
  }
  assert(n >= 1 && n <= MAX_NEW, `expected 1..${MAX_NEW} events, got ${n}`);
  assert(isStr(last.generated_text), `last event must carry generated_text: ${j(last)}`);
  assert(last.details && last.details.generated_tokens === n, `last details.generated_tokens should be ${n}: ${j(last.details)}`);
  return `${n} events, finish=${last.details.finish_reason}, generated_text=${j(last.generated_text)}`;
});

await check("hf request() native POST / temperature=0 -> 422 with TGI message", async () => {
  const e = await expectRejection(() => hf.request({ inputs: PROMPT, parameters: { max_new_tokens: MAX_NEW, temperature: 0 } }));
  assert(/Input validation error: `temperature` must be strictly positive/.test(e.message), `error should carry TGI's message: ${hfErrorText(e)}`);
  assert(hfStatus(e) === 422, `expected HTTP 422, got ${hfStatus(e)}`);
  assert(e.httpResponse?.body?.error_type === "validation", `error_type should be validation: ${j(e.httpResponse?.body)}`);
  return `${e.constructor.name}: ${e.message}`;
});

// ---------------------------------------------------------------------------------------------------------------
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length}/${results.length} checks passed`);
for (const f of failed) console.log(`  FAILED: ${f.name} — ${f.why}`);
process.exit(failed.length ? 1 : 0);
