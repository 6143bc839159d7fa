using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace DataAccess.Security;

// scrypt (RFC 7914), needed because the legacy account secrets are keyed with Node's
// crypto.scryptSync and .NET has no built-in implementation. Blocks are processed as
// little-endian 32-bit words, and all buffers are allocated once per derivation.
internal static class Scrypt
{
    // Node's scryptSync defaults, which claude-relay-service relies on.
    public const int NodeDefaultCost = 16384;
    public const int NodeDefaultBlockSize = 8;
    public const int NodeDefaultParallelism = 1;

    private const int SalsaWords = 16;
    private const int BytesPerBlockSizeUnit = 128;

    public static byte[] DeriveKey(
        ReadOnlySpan<byte> password,
        ReadOnlySpan<byte> salt,
        int cost,
        int blockSize,
        int parallelism,
        int outputLength)
    {
        Validate(cost, blockSize, parallelism, outputLength);

        var blockBytes = BytesPerBlockSizeUnit * blockSize;
        var blockWords = blockBytes / sizeof(uint);
        var blocks = new byte[blockBytes * parallelism];
        var x = new uint[blockWords];
        var y = new uint[blockWords];
        var v = GC.AllocateUninitializedArray<uint>(blockWords * cost);
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, blocks, 1, HashAlgorithmName.SHA256);
            for (var i = 0; i < parallelism; i++)
            {
                RoMix(blocks.AsSpan(i * blockBytes, blockBytes), cost, blockSize, x, y, v);
            }

            var key = new byte[outputLength];
            Rfc2898DeriveBytes.Pbkdf2(password, blocks, key, 1, HashAlgorithmName.SHA256);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(blocks);
            Array.Clear(x);
            Array.Clear(y);
            Array.Clear(v);
        }
    }

    private static void Validate(int cost, int blockSize, int parallelism, int outputLength)
    {
        if (cost < 2 || !BitOperations.IsPow2(cost))
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "The cost must be a power of two greater than 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputLength, 1);

        // RFC 7914 limits r * p to below 2^30 and N to below 2^(16 r); the memory bound also
        // keeps every buffer within the limits of a single array.
        var blockWords = (long)BytesPerBlockSizeUnit / sizeof(uint) * blockSize;
        if ((long)blockSize * parallelism >= 1 << 30
            || (blockSize < 2 && cost >= 1 << 16)
            || blockWords * cost > Array.MaxLength
            || blockWords * sizeof(uint) * parallelism > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(cost), "The scrypt parameters exceed the supported limits.");
        }
    }

    private static void RoMix(Span<byte> block, int cost, int blockSize, Span<uint> x, Span<uint> y, Span<uint> v)
    {
        var blockWords = x.Length;
        for (var k = 0; k < blockWords; k++)
        {
            x[k] = BinaryPrimitives.ReadUInt32LittleEndian(block[(k * sizeof(uint))..]);
        }

        for (var i = 0; i < cost; i++)
        {
            x.CopyTo(v.Slice(i * blockWords, blockWords));
            BlockMix(x, y, blockSize);
            Swap(ref x, ref y);
        }

        // Integerify: the first word of the last 64-byte sub-block; cost is a power of two.
        var lastSubBlock = (2 * blockSize - 1) * SalsaWords;
        var mask = (uint)cost - 1;
        for (var i = 0; i < cost; i++)
        {
            var j = (int)(x[lastSubBlock] & mask);
            Xor(x, v.Slice(j * blockWords, blockWords));
            BlockMix(x, y, blockSize);
            Swap(ref x, ref y);
        }

        for (var k = 0; k < blockWords; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block[(k * sizeof(uint))..], x[k]);
        }
    }

    // Writes BlockMix(input) to output with the even sub-blocks first and the odd ones after.
    private static void BlockMix(ReadOnlySpan<uint> input, Span<uint> output, int blockSize)
    {
        Span<uint> state = stackalloc uint[SalsaWords];
        input.Slice((2 * blockSize - 1) * SalsaWords, SalsaWords).CopyTo(state);
        for (var i = 0; i < 2 * blockSize; i++)
        {
            Xor(state, input.Slice(i * SalsaWords, SalsaWords));
            Salsa20Eight(state);
            var target = (i / 2 + (i % 2) * blockSize) * SalsaWords;
            state.CopyTo(output.Slice(target, SalsaWords));
        }
    }

    private static void Xor(Span<uint> target, ReadOnlySpan<uint> other)
    {
        for (var k = 0; k < target.Length; k++)
        {
            target[k] ^= other[k];
        }
    }

    private static void Swap(ref Span<uint> first, ref Span<uint> second)
    {
        var held = first;
        first = second;
        second = held;
    }

    // The Salsa20/8 core: four double rounds, then the input added back word by word.
    private static void Salsa20Eight(Span<uint> b)
    {
        uint x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7];
        uint x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15];

        for (var round = 0; round < 8; round += 2)
        {
            x4 ^= BitOperations.RotateLeft(x0 + x12, 7);
            x8 ^= BitOperations.RotateLeft(x4 + x0, 9);
            x12 ^= BitOperations.RotateLeft(x8 + x4, 13);
            x0 ^= BitOperations.RotateLeft(x12 + x8, 18);
            x9 ^= BitOperations.RotateLeft(x5 + x1, 7);
            x13 ^= BitOperations.RotateLeft(x9 + x5, 9);
            x1 ^= BitOperations.RotateLeft(x13 + x9, 13);
            x5 ^= BitOperations.RotateLeft(x1 + x13, 18);
            x14 ^= BitOperations.RotateLeft(x10 + x6, 7);
            x2 ^= BitOperations.RotateLeft(x14 + x10, 9);
            x6 ^= BitOperations.RotateLeft(x2 + x14, 13);
            x10 ^= BitOperations.RotateLeft(x6 + x2, 18);
            x3 ^= BitOperations.RotateLeft(x15 + x11, 7);
            x7 ^= BitOperations.RotateLeft(x3 + x15, 9);
            x11 ^= BitOperations.RotateLeft(x7 + x3, 13);
            x15 ^= BitOperations.RotateLeft(x11 + x7, 18);

            x1 ^= BitOperations.RotateLeft(x0 + x3, 7);
            x2 ^= BitOperations.RotateLeft(x1 + x0, 9);
            x3 ^= BitOperations.RotateLeft(x2 + x1, 13);
            x0 ^= BitOperations.RotateLeft(x3 + x2, 18);
            x6 ^= BitOperations.RotateLeft(x5 + x4, 7);
            x7 ^= BitOperations.RotateLeft(x6 + x5, 9);
            x4 ^= BitOperations.RotateLeft(x7 + x6, 13);
            x5 ^= BitOperations.RotateLeft(x4 + x7, 18);
            x11 ^= BitOperations.RotateLeft(x10 + x9, 7);
            x8 ^= BitOperations.RotateLeft(x11 + x10, 9);
            x9 ^= BitOperations.RotateLeft(x8 + x11, 13);
            x10 ^= BitOperations.RotateLeft(x9 + x8, 18);
            x12 ^= BitOperations.RotateLeft(x15 + x14, 7);
            x13 ^= BitOperations.RotateLeft(x12 + x15, 9);
            x14 ^= BitOperations.RotateLeft(x13 + x12, 13);
            x15 ^= BitOperations.RotateLeft(x14 + x13, 18);
        }

        b[0] += x0;
        b[1] += x1;
        b[2] += x2;
        b[3] += x3;
        b[4] += x4;
        b[5] += x5;
        b[6] += x6;
        b[7] += x7;
        b[8] += x8;
        b[9] += x9;
        b[10] += x10;
        b[11] += x11;
        b[12] += x12;
        b[13] += x13;
        b[14] += x14;
        b[15] += x15;
    }
}
