using System.Text;
using Gateway.Forwarding;
using Gateway.Usage;

namespace Gateway.Tests;

// The answer's way to the client: a request whose answer has a known length is ended before
// the last of it goes out, once, after the usage reader has seen all of it.
public sealed class AnswerStreamTests
{
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"model":"m","usage":{"input_tokens":3,"output_tokens":4}}""");

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task A_known_length_answer_ends_the_request_before_its_last_bytes_are_written(int chunkSize)
    {
        var client = new MemoryStream();
        using var usage = new UsageReader(eventStream: false);
        var endedAt = new List<long>();
        bool? usageSeenAtEnd = null;
        var stream = new AnswerStream(client, usage, Answer.Length, () =>
        {
            endedAt.Add(client.Length);
            usage.Finish();
            usageSeenAtEnd = usage.HasUsage;
        });

        foreach (var chunk in Answer.Chunk(chunkSize))
        {
            await stream.WriteAsync(chunk);
        }

        await stream.FlushAsync();

        var lastChunk = Answer.Length % chunkSize == 0 ? Math.Min(chunkSize, Answer.Length) : Answer.Length % chunkSize;
        Assert.Equal([Answer.Length - lastChunk], endedAt);
        Assert.True(usageSeenAtEnd);
        Assert.Equal(Answer, client.ToArray());
    }

    [Fact]
    public async Task An_answer_of_unknown_length_is_ended_by_the_relay_not_by_the_stream()
    {
        var client = new MemoryStream();
        var ended = 0;
        var stream = new AnswerStream(client, usage: null, length: null, () => ended++);

        await stream.WriteAsync(Answer);
        await stream.WriteAsync(Answer);

        Assert.Equal(0, ended);
        Assert.Equal(Answer.Length * 2, client.Length);
    }
}
