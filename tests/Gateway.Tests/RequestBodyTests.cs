using System.Buffers;
using System.Text;
using Gateway.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests;

public sealed class RequestBodyTests
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""{"model":"claude-sonnet-4-20250514","max_tokens":100,"messages":[{"role":"user","content":"kept while sent"}]}""");

    [Fact]
    public async Task A_body_still_being_sent_when_its_request_ends_keeps_its_bytes_until_the_send_is_over()
    {
        var body = await ReadAsync();
        using var content = body.CreateContent();
        var upstream = new HeldStream();
        var sending = content.CopyToAsync(upstream);
        await upstream.Writing.Task.WaitAsync(TimeSpan.FromSeconds(10));

        body.Dispose();
        var rented = Enumerable.Range(0, 16).Select(_ => ArrayPool<byte>.Shared.Rent(Json.Length + 1)).ToList();
        foreach (var array in rented)
        {
            array.AsSpan().Fill((byte)'x');
        }

        upstream.Release.SetResult();
        await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Json, upstream.Written.ToArray());
        foreach (var array in rented)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    [Fact]
    public async Task Once_the_request_ended_and_no_send_holds_it_the_body_cannot_be_sent_again()
    {
        var body = await ReadAsync();
        using var content = body.CreateContent();
        using var first = new MemoryStream();
        await content.CopyToAsync(first);
        Assert.Equal(Json, first.ToArray());
        Assert.Equal(Json.Length, content.Headers.ContentLength);

        body.Dispose();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => body.CreateContent().CopyToAsync(new MemoryStream()));
        Assert.IsType<ObjectDisposedException>(refused.InnerException);
    }

    private static async Task<RequestBody> ReadAsync()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Json);
        context.Request.ContentLength = Json.Length;
        var (body, error) = await RequestBody.ReadAsync(context.Request, 1024 * 1024, CancellationToken.None);
        Assert.Null(error);
        return body!;
    }

    // An upstream connection that takes the body's bytes and holds the write until released.
    private sealed class HeldStream : MemoryStream
    {
        public MemoryStream Written { get; } = new();

        public TaskCompletionSource Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writing.TrySetResult();
            await Release.Task;
            Written.Write(buffer.Span);
        }
    }
}
