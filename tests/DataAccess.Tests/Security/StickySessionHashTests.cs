using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class StickySessionHashTests
{
    // shared/legacy-redis-layout.md, section 4.4.
    [Fact]
    public void A_system_prompt_gives_the_documented_hash()
    {
        var body = Parse("""{"system":"You are Claude Code, Anthropic's official CLI for Claude.","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal("2719b7a469d904b3281d8488976f3310", StickySessionHash.ForClaudeRequest(body));
    }

    [Fact]
    public void A_first_message_gives_the_documented_hash()
    {
        var body = Parse("""{"messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal("185f8db32271fe25f561a6fc938b2e26", StickySessionHash.ForClaudeRequest(body));
    }

    [Fact]
    public void An_OpenAI_session_id_gives_the_documented_hash()
    {
        Assert.Equal(
            "c8d9cf2851b3e2ac6f87788b7745331aa494be99f6011bb2b2c48fa20a992fa4",
            StickySessionHash.ForOpenAIRequest("sess-123", null, default));
    }

    [Fact]
    public void Cacheable_text_is_collected_from_system_and_messages_in_order()
    {
        var body = Parse("""
            {
              "system": [
                {"type": "text", "text": "A", "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": "not cached"}
              ],
              "messages": [
                {"role": "user", "content": [
                  {"type": "text", "text": "B", "cache_control": {"type": "ephemeral"}},
                  {"type": "image", "text": "images do not count", "cache_control": {"type": "ephemeral"}},
                  {"type": "text", "text": "not cached"}
                ]},
                {"role": "assistant", "content": "C", "cache_control": {"type": "ephemeral"}},
                {"role": "user", "content": "string content without a marker"}
              ]
            }
            """);

        Assert.Equal(HashOf("ABC"), StickySessionHash.ForClaudeRequest(body));
    }

    [Fact]
    public void Only_the_ephemeral_cache_type_marks_text_as_cacheable()
    {
        var body = Parse("""
            {"system": [{"type": "text", "text": "S", "cache_control": {"type": "persistent"}}],
             "messages": [{"role": "user", "content": "Hello"}]}
            """);

        Assert.Equal(HashOf("S"), StickySessionHash.ForClaudeRequest(body));
    }

    [Fact]
    public void Without_cacheable_text_the_whole_system_array_is_used()
    {
        var body = Parse("""
            {"system": [{"type": "text", "text": "first "}, {"type": "text", "text": "second"}],
             "messages": [{"role": "user", "content": "Hello"}]}
            """);

        Assert.Equal(HashOf("first second"), StickySessionHash.ForClaudeRequest(body));
    }

    [Theory]
    [InlineData("""{"system": "", "messages": [{"role": "user", "content": "Hello"}]}""")]
    [InlineData("""{"system": [], "messages": [{"role": "user", "content": "Hello"}]}""")]
    [InlineData("""{"system": [{"type": "text", "text": ""}], "messages": [{"role": "user", "content": "Hello"}]}""")]
    public void Without_system_text_the_first_message_is_used(string json)
    {
        Assert.Equal(HashOf("Hello"), StickySessionHash.ForClaudeRequest(Parse(json)));
    }

    [Fact]
    public void Only_the_text_parts_of_the_first_message_are_used()
    {
        var body = Parse("""
            {"messages": [
              {"role": "user", "content": [
                {"type": "text", "text": "look at "},
                {"type": "image", "source": {"type": "base64", "data": "AAAA"}},
                {"type": "text", "text": "this"}
              ]},
              {"role": "assistant", "content": "later messages do not count"}
            ]}
            """);

        Assert.Equal(HashOf("look at this"), StickySessionHash.ForClaudeRequest(body));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"messages": []}""")]
    [InlineData("""{"system": "", "messages": [{"role": "user", "content": ""}]}""")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "image", "source": {}}]}]}""")]
    [InlineData("""{"messages": "not an array"}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    public void Without_any_text_there_is_no_hash(string json)
    {
        Assert.Null(StickySessionHash.ForClaudeRequest(Parse(json)));
    }

    [Fact]
    public void OpenAI_prefers_the_session_id_header_then_x_session_id_then_the_body()
    {
        var body = Parse("""{"session_id": "body-session", "conversation_id": "conversation"}""");

        Assert.Equal(Sha256("header"), StickySessionHash.ForOpenAIRequest("header", "x-header", body));
        Assert.Equal(Sha256("x-header"), StickySessionHash.ForOpenAIRequest(null, "x-header", body));
        Assert.Equal(Sha256("x-header"), StickySessionHash.ForOpenAIRequest("", "x-header", body));
        Assert.Equal(Sha256("body-session"), StickySessionHash.ForOpenAIRequest(null, "", body));
        Assert.Equal(Sha256("conversation"), StickySessionHash.ForOpenAIRequest(null, null, Parse("""{"session_id": "", "conversation_id": "conversation"}""")));
    }

    [Fact]
    public void OpenAI_requests_without_a_session_id_have_no_hash()
    {
        Assert.Null(StickySessionHash.ForOpenAIRequest(null, null, Parse("""{"model": "gpt-5"}""")));
        Assert.Null(StickySessionHash.ForOpenAIRequest(null, null, default));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string HashOf(string text) => Sha256(text)[..32];

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
