using System.Buffers;
using System.Text;
using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

// The parser against hand-written wire bytes, split into segments at every position, as
// a socket may deliver them.
public sealed class RespProtocolTests
{
    public static TheoryData<string> CompleteReplies => new()
    {
        "+OK\r\n",
        "-ERR wrong\r\n",
        ":-42\r\n",
        "$5\r\nhello\r\n",
        "$0\r\n\r\n",
        "$-1\r\n",
        "*-1\r\n",
        "*0\r\n",
        "*3\r\n:1\r\n$3\r\ntwo\r\n*2\r\n+three\r\n$-1\r\n",
    };

    [Theory]
    [MemberData(nameof(CompleteReplies))]
    public void A_complete_reply_is_found_however_it_is_split(string wire)
    {
        var bytes = Encoding.ASCII.GetBytes(wire + "+NEXT\r\n");
        for (var split = 1; split < bytes.Length; split++)
        {
            var reader = new SequenceReader<byte>(Split(bytes, split));

            Assert.True(RespFrame.TryFindEnd(ref reader));
            Assert.Equal(wire.Length, reader.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(CompleteReplies))]
    public void An_incomplete_reply_waits_for_more_data(string wire)
    {
        var bytes = Encoding.ASCII.GetBytes(wire);
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));

            Assert.False(RespFrame.TryFindEnd(ref reader));
        }
    }

    [Fact]
    public void A_bulk_string_split_across_segments_is_read_whole()
    {
        var payload = string.Concat(Enumerable.Repeat("0123456789", 100));
        var bytes = Encoding.ASCII.GetBytes($"${payload.Length}\r\n{payload}\r\n");
        var reader = new RespReader(Split(bytes, 7, 513, 900));

        Assert.Equal(payload, reader.ReadString());
    }

    [Fact]
    public void Nested_arrays_are_read_as_a_tree()
    {
        var reader = new RespReader(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("*2\r\n*2\r\n:1\r\n-ERR inner\r\n$-1\r\n")));

        var result = reader.ReadResult();

        Assert.Equal(2, result.Items.Count);
        Assert.Equal(1L, (long)result[0][0]);
        Assert.True(result[0][1].IsError);
        Assert.Equal("ERR inner", result[0][1].ErrorMessage);
        Assert.True(result[1].IsNull);
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData("$abc\r\n")]
    public void Garbage_is_a_protocol_error(string wire)
    {
        var bytes = Encoding.ASCII.GetBytes(wire);

        Assert.Throws<RedisProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            RespFrame.TryFindEnd(ref reader);
        });
    }

    [Fact]
    public void Commands_are_encoded_as_arrays_of_bulk_strings()
    {
        var output = new ArrayBufferWriter<byte>();

        CommandWriter.Write(output, new RedisCommand(CommandName.Set, "k", "vé", 42));

        Assert.Equal("*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nvé\r\n$2\r\n42\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Where(cut => cut > 0 && cut < bytes.Length).Distinct().Order().Prepend(0).Append(bytes.Length).ToArray();
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var memory = bytes.AsMemory(bounds[i], bounds[i + 1] - bounds[i]);
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
