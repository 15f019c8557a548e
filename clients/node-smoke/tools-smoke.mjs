#!/usr/bin/env node
// Tools and structured output through the official openai Node SDK, against a Hearth worker (or endpoint URL):
//   - tool_choice "required" gives a call to one of the tools whose arguments parse and fit the tool's schema;
//   - the same request streamed (the SDK's own stream helper) reassembles to the same call;
//   - the call and a tool result go back on the next turn;
//   - response_format json_schema gives JSON that parses and has the schema's fields.
// Usage: node tools-smoke.mjs BASE_URL. Prints PASS/FAIL per check; exit code 1 if any check fails.

import OpenAI from "openai";

const BASE = (process.argv[2] ?? process.env.HEARTH_URL ?? "http://localhost:18081").replace(/\/+$/, "");
const client = new OpenAI({ baseURL: `${BASE}/v1`, apiKey: process.env.HEARTH_TOKEN ?? "unused", maxRetries: 0 });

const tools = [
  { type: "function", function: { name: "get_weather",
    parameters: { type: "object", properties: { unit: { type: "string", enum: ["celsius", "fahrenheit"] } }, required: ["unit"] } } },
  { type: "function", function: { name: "get_time",
    parameters: { type: "object", properties: { zone: { enum: ["UTC", "CET"] } }, required: ["zone"] } } },
];
const allowed = { get_weather: ["unit", ["celsius", "fahrenheit"]], get_time: ["zone", ["UTC", "CET"]] };
const messages = [{ role: "user", content: "Weather?" }];
// tool_prompt (TGI's option) keeps the prompt short enough for the tests' 512-token model.
const request = { model: "tgi", messages, tools, tool_choice: "required", tool_prompt: "Call a tool.", max_tokens: 80,
  seed: 11, temperature: 1.0 };

let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`PASS ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
function assertCall(call) {
  assert(call?.type === "function", `type ${call?.type}`);
  assert(typeof call.id === "string" && call.id.length > 0, `id ${call.id}`);
  const rule = allowed[call.function.name];
  assert(rule, `unknown tool ${call.function.name}`);
  const args = JSON.parse(call.function.arguments);
  assert(rule[1].includes(args[rule[0]]), `arguments ${call.function.arguments}`);
}

let whole;
await check("tool_choice required gives a parseable call to one of the tools", async () => {
  const r = await client.chat.completions.create(request);
  assert(r.choices[0].finish_reason === "tool_calls", `finish_reason ${r.choices[0].finish_reason}`);
  whole = r.choices[0].message;
  assert(whole.tool_calls?.length === 1, JSON.stringify(whole));
  assertCall(whole.tool_calls[0]);
});

await check("streamed deltas reassemble to the same call", async () => {
  const stream = client.chat.completions.stream({ ...request, stream: true });
  const done = await stream.finalChatCompletion();
  const call = done.choices[0].message.tool_calls?.[0];
  assertCall(call);
  assert(call.function.name === whole.tool_calls[0].function.name, `name ${call.function.name}`);
  assert(call.function.arguments === whole.tool_calls[0].function.arguments,
    `arguments ${call.function.arguments} vs ${whole.tool_calls[0].function.arguments}`);
  assert(done.choices[0].finish_reason === "tool_calls", `finish_reason ${done.choices[0].finish_reason}`);
});

await check("a tool result goes back on the next turn", async () => {
  const call = whole.tool_calls[0];
  const next = await client.chat.completions.create({
    model: "tgi", max_tokens: 8, seed: 3, tools, tool_choice: "none",
    messages: [...messages, whole, { role: "tool", tool_call_id: call.id, content: JSON.stringify({ temperature: 21 }) }],
  });
  assert(typeof next.choices[0].message.content === "string", JSON.stringify(next.choices[0]));
});

await check("response_format json_schema parses", async () => {
  const r = await client.chat.completions.create({
    model: "tgi", messages, max_tokens: 80, seed: 5,
    response_format: { type: "json_schema", json_schema: { name: "flag", strict: true, schema: {
      type: "object", properties: { ok: { type: "boolean" }, level: { enum: ["low", "high"] } },
      required: ["ok", "level"], additionalProperties: false } } },
  });
  const value = JSON.parse(r.choices[0].message.content);
  assert(typeof value.ok === "boolean" && ["low", "high"].includes(value.level), r.choices[0].message.content);
});

process.exit(failed ? 1 : 0);
