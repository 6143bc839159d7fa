// Calls the gateway with the official TypeScript SDK, which reads ANTHROPIC_BASE_URL and
// ANTHROPIC_API_KEY from the environment, and prints what the SDK made of the answers as one
// JSON line. argv[2]: "json" or "stream" send one message, as one JSON answer or as a stream;
// "other" counts tokens and lists the models.
const { Anthropic } = require('@anthropic-ai/sdk');

async function main() {
  const [mode, model] = process.argv.slice(2);
  const client = new Anthropic({ maxRetries: 0 });
  const params = { model, max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };
  if (mode === 'other') {
    const count = await client.messages.countTokens({ model, messages: params.messages });
    const models = [];
    for await (const info of client.models.list()) {
      models.push(info.id);
    }

    console.log(JSON.stringify({ inputTokens: count.input_tokens, models }));
    return;
  }

  let textEvents = 0;
  let message;
  if (mode === 'stream') {
    const stream = client.messages.stream(params);
    stream.on('text', () => textEvents++);
    message = await stream.finalMessage();
  } else {
    message = await client.messages.create(params);
  }

  const text = message.content.filter(block => block.type === 'text').map(block => block.text).join('');
  console.log(JSON.stringify({ text, textEvents, stopReason: message.stop_reason, usage: message.usage }));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
