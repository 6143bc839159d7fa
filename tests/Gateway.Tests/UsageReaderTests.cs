using System.Text;
using Gateway.Accounts;
using Gateway.Usage;

namespace Gateway.Tests;

// The usage read out of answers as they pass: only the model and the usage counts are looked
// at, and an answer that is not valid JSON reports none.
public sealed class UsageReaderTests
{
    [Fact]
    public void A_JSON_answer_reports_its_model_and_usage_whatever_comes_around_them()
    {
        using var usage = Read(false, """
            {"id":"msg_1","content":[{"type":"text","text":"a \"usage\": {} inside text","nested":{"usage":{"input_tokens":999}}}],
             "model":"claude-sonnet-4-20250514","stop_reason":"end_turn",
             "usage":{"input_tokens":100,"cache_creation_input_tokens":30,"cache_read_input_tokens":7,
                      "cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":10,"future":[1,2]},
                      "output_tokens":50,"server_tool_use":{"web_search_requests":0},"service_tier":"standard"}}
            """);

        Assert.True(usage.HasUsage);
        Assert.Equal("claude-sonnet-4-20250514", usage.Model);
        Assert.Equal(new TokenUsage(100, 50, 30, 7, 20, 10, true), usage.Usage);
    }

    [Fact]
    public void With_a_breakdown_cache_writes_are_its_sum_as_the_legacy_relay_counts_them()
    {
        using var usage = Read(false, """{"model":"m","usage":{"input_tokens":1,"output_tokens":2,"cache_creation_input_tokens":99,"cache_creation":{"ephemeral_5m_input_tokens":4}}}""");

        Assert.Equal(new TokenUsage(1, 2, 4, 0, 4, 0, true), usage.Usage);
    }

    [Theory]
    [InlineData("""{"model":"m","usage":{"input_tokens":1}""")]
    [InlineData("""{"model":"m","usage":{"input_tokens":1}} trailing""")]
    [InlineData("""{"model":"m","usage":{"input_tokens":1}}{"usage":{}}""")]
    [InlineData("""<html>bad gateway</html>""")]
    [InlineData("""{"model":"half a pair \ud800","usage":{"input_tokens":1}}""")]
    public void A_body_that_is_not_one_JSON_value_reports_no_usage(string body)
    {
        Assert.False(Read(false, body).HasUsage);
    }

    [Theory]
    [InlineData("""[{"usage":{"input_tokens":1}}]""")]
    [InlineData("""{"model":"m","usage":"none"}""")]
    [InlineData("""{"model":"m"}""")]
    public void A_body_without_a_usage_object_reports_none(string body)
    {
        Assert.False(Read(false, body).HasUsage);
    }

    [Fact]
    public void Counts_that_are_not_integers_keep_what_was_known()
    {
        using var usage = Read(false, """{"model":"m","usage":{"input_tokens":"12","output_tokens":3.5,"cache_read_input_tokens":null,"cache_creation_input_tokens":6}}""");

        Assert.True(usage.HasUsage);
        Assert.Equal(new TokenUsage(0, 0, 6, 0, 0, 0, false), usage.Usage);
    }

    [Fact]
    public void An_event_stream_reports_message_start_then_what_message_delta_replaces()
    {
        using var usage = Read(true, """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","model":"claude-opus-4-1","content":[],"usage":{"input_tokens":100,"cache_creation_input_tokens":30,"cache_read_input_tokens":30,"cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":10},"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\"message_delta\" \"usage\":{\"output_tokens\":777}"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":50}}

            event: message_stop
            data: {"type":"message_stop"}

            """);

        Assert.True(usage.HasUsage);
        Assert.Equal("claude-opus-4-1", usage.Model);
        Assert.Equal(new TokenUsage(100, 50, 30, 30, 20, 10, true), usage.Usage);
    }

    [Fact]
    public void An_event_whose_type_comes_after_its_message_still_counts()
    {
        using var usage = Read(true, "data: {\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}},\"type\":\"message_start\"}\n");

        Assert.Equal(new TokenUsage(5, 1, 0, 0, 0, 0, false), usage.Usage);
    }

    [Fact]
    public void A_malformed_event_carries_no_usage()
    {
        using var usage = Read(true, """
            data: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":100,"output_tokens":1}}}
            data: {"type":"message_delta","usage":{"output_tokens":50,"input_tokens":
            data: {"type":"message_delta","usage":{"output_tokens":7}} extra

            """);

        Assert.Equal(new TokenUsage(100, 1, 0, 0, 0, 0, false), usage.Usage);
    }

    [Fact]
    public void An_event_split_across_writes_is_read_whole()
    {
        using var reader = new UsageReader(eventStream: true);
        var text = "data: {\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":42,\"output_tokens\":1}}}\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var chunk in bytes.Chunk(7))
        {
            reader.Observe(chunk);
        }

        reader.Finish();
        Assert.Equal(new TokenUsage(42, 1, 0, 0, 0, 0, false), reader.Usage);
    }

    [Fact]
    public void A_sticky_mapping_is_read_as_written_and_in_any_other_JSON_form()
    {
        var account = Guid.NewGuid();

        Assert.Equal(account, StickySessions.AccountOf(StickySessions.Mapping(account)));
        Assert.Equal(account, StickySessions.AccountOf($$"""{ "accountType": "claude-official", "accountId": "{{account.ToString().ToUpperInvariant()}}" }"""));
        Assert.Null(StickySessions.AccountOf($$"""{"accountId":"{{account}}","accountType":"claude-console"}"""));
        Assert.Null(StickySessions.AccountOf("""{"accountId":"not-a-guid-at-all-but-36-characters!!","accountType":"claude-official"}"""));
        Assert.Null(StickySessions.AccountOf("not json"));
    }

    private static UsageReader Read(bool eventStream, string answer)
    {
        var reader = new UsageReader(eventStream);
        reader.Observe(Encoding.UTF8.GetBytes(answer.ReplaceLineEndings("\n")));
        reader.Finish();
        return reader;
    }
}
