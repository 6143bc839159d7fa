// Sends one message with the official TypeScript SDK, which reads ANTHROPIC_BASE_URL and
// ANTHROPIC_API_KEY from the environment, as one JSON answer or as a stream (argv[2]: "json"
// or "stream"), and prints what the SDK made of the answer as one JSON line.
const { Anthropic } = require('@anthropic-ai/sdk');

async function main() {
  const [mode, model] = process.argv.slice(2);
  const client = new Anthropic({ maxRetries: 0 });
  const params = { model, max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };
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
