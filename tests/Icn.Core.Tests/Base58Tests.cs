using System.Text;
using Icn.Core.Multibase;

namespace Icn.Core.Tests;

public class Base58Tests
{
    // Vectors from the base58 draft (draft-msporny-base58).
    [Theory]
    [InlineData("Hello World!", "2NEpo7TZRRrLZSi2U")]
    [InlineData("The quick brown fox jumps over the lazy dog.", "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z")]
    public void Encodes_known_vectors(string text, string expected)
    {
        Assert.Equal(expected, Base58.Encode(Encoding.ASCII.GetBytes(text)));
        Assert.True(Base58.TryDecode(expected, out var decoded));
        Assert.Equal(text, Encoding.ASCII.GetString(decoded));
    }

    [Fact]
    public void Leading_zero_bytes_become_leading_ones()
    {
        byte[] data = [0, 0, 0x28, 0x7f, 0xb4, 0xcd];

        Assert.Equal("11233QC4", Base58.Encode(data));
        Assert.True(Base58.TryDecode("11233QC4", out var decoded));
        Assert.Equal(data, decoded);
    }

    [Fact]
    public void Random_bytes_round_trip()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[random.Next(0, 48)];
            random.NextBytes(data);
            Assert.True(Base58.TryDecode(Base58.Encode(data), out var decoded));
            Assert.Equal(data, decoded);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("O")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("é")]
    public void Characters_outside_the_alphabet_are_refused(string text) => Assert.False(Base58.TryDecode(text, out _));
}
