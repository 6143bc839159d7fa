using System.Text.RegularExpressions;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class SessionTokensTests
{
    [Fact]
    public void Tokens_are_64_lowercase_hex_characters_and_do_not_repeat()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => SessionTokens.Generate()).ToList();

        Assert.All(tokens, token => Assert.Matches(new Regex("^[0-9a-f]{64}$"), token));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public void The_stored_form_is_the_sha256_hex_of_the_token()
    {
        // printf '%s' 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | sha256sum
        Assert.Equal(
            "a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e",
            SessionTokens.Hash("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }
}
