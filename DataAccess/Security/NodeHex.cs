namespace DataAccess.Security;

// Hex decoding with the quirks of Node.js, which decides whether a legacy secret decrypts.
// Buffer.from(text, 'hex') never fails: it stops at the first pair that is not hex and drops
// a trailing odd digit, so "<valid ciphertext>zz" still decrypts. cipher.update(text, 'hex')
// decodes the same way but first rejects text of odd length.
internal static class NodeHex
{
    public static byte[] DecodeLikeBuffer(ReadOnlySpan<char> text)
    {
        var bytes = new byte[text.Length / 2];
        var count = 0;
        while (count < bytes.Length)
        {
            var high = HexValue(text[2 * count]);
            var low = HexValue(text[2 * count + 1]);
            if (high < 0 || low < 0)
            {
                break;
            }

            bytes[count++] = (byte)(high << 4 | low);
        }

        return count == bytes.Length ? bytes : bytes[..count];
    }

    public static bool TryDecodeLikeCipherUpdate(ReadOnlySpan<char> text, out byte[] bytes)
    {
        if (text.Length % 2 != 0)
        {
            bytes = [];
            return false;
        }

        bytes = DecodeLikeBuffer(text);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
