import {el, $, copyButton} from '/ui/web/common/app.js';

/** Ready-to-copy code for this endpoint's URL: curl, huggingface_hub, the openai SDK and Hearth's Java SDK. */
export function snippets(ns, name, url) {
  const base = location.origin;
  const list = [
    ['curl', `curl ${url}/v1/chat/completions \\
  -H "Authorization: Bearer $HEARTH_TOKEN" -H 'Content-Type: application/json' \\
  -d '{"messages":[{"role":"user","content":"Hello!"}],"max_tokens":32,"stream":true}'`],
    ['huggingface_hub (Python)', `from huggingface_hub import InferenceClient

client = InferenceClient(base_url="${url}", token="<your Hearth token>")
print(client.text_generation("Once upon a time", max_new_tokens=32))
for chunk in client.chat_completion([{"role": "user", "content": "Hello!"}], max_tokens=32, stream=True):
    print(chunk.choices[0].delta.content or "", end="")`],
    ['openai SDK (Python)', `from openai import OpenAI

client = OpenAI(base_url="${url}/v1", api_key="<your Hearth token>")
stream = client.chat.completions.create(model="${name}", stream=True,
    messages=[{"role": "user", "content": "Hello!"}], max_tokens=32)
for chunk in stream:
    print(chunk.choices[0].delta.content or "", end="")`],
    ['Java SDK (hearth-client)', `// HEARTH_URL=${base} HEARTH_TOKEN=<your Hearth token>
try (InferenceEndpoints api = InferenceEndpoints.fromEnvironment()) {
    InferenceEndpoint e = api.inNamespace("${ns}").get("${name}");
    System.out.println(e.client().textGeneration("Once upon a time"));
}`]];
  $('#snippet-list').replaceChildren(...list.map(([title, code]) => el('div', {class: 'snippet'},
    el('div', {class: 'row', style: 'justify-content: space-between; align-items: center'}, el('h3', {}, title), copyButton(code)),
    el('pre', {}, code))));
}
