using DataAccess.Security;

namespace DataAccess.Tests.Security;

// Expected values are what Node 20 prints for Buffer.from(text, 'hex') and for
// crypto.createDecipheriv(...).update(text, 'hex').
public sealed class NodeHexTests
{
    [Theory]
    [InlineData("1634", "1634")]
    [InlineData("ABcdEf", "abcdef")]
    [InlineData("1ag123", "1a")]
    [InlineData("1a7", "1a")]
    [InlineData("zz11", "")]
    [InlineData("", "")]
    public void Decoding_stops_at_the_first_pair_that_is_not_hex(string text, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(NodeHex.DecodeLikeBuffer(text)));
    }

    [Fact]
    public void Cipher_input_of_odd_length_is_refused()
    {
        Assert.False(NodeHex.TryDecodeLikeCipherUpdate("abc", out _));
    }

    [Fact]
    public void Cipher_input_of_even_length_is_decoded_like_a_buffer()
    {
        Assert.True(NodeHex.TryDecodeLikeCipherUpdate("1ag1", out var bytes));
        Assert.Equal([0x1a], bytes);
    }
}
