using Icn.Core.Identity;
using Icn.Core.Multibase;

namespace Icn.Core.Tests;

public class DidTests
{
    [Fact]
    public void Did_is_prefix_plus_base58btc_of_the_raw_public_key()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        var did = Did.FromPublicKey(key);

        Assert.Equal("did:icn:z" + Base58.Encode(key), did.ToString());
        Assert.Equal(key, did.PublicKey.ToArray());
    }

    [Fact]
    public void Parse_round_trips_and_equal_dids_are_equal()
    {
        var did = Did.FromPublicKey(new byte[32]);

        var parsed = Did.Parse(did.ToString());

        Assert.Equal(did, parsed);
        Assert.True(did == parsed);
        Assert.Equal(did.GetHashCode(), parsed.GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("did:key:z6Mk")]
    [InlineData("did:icn:")]
    [InlineData("did:icn:z0OIl")]
    [InlineData("did:icn:z111")]
    public void TryParse_refuses_malformed_identifiers(string text) => Assert.False(Did.TryParse(text, out _));

    [Fact]
    public void Parse_explains_what_a_did_looks_like()
    {
        var error = Assert.Throws<FormatException>(() => Did.Parse("nope"));
        Assert.Contains("did:icn:z", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_the_wrong_length_is_refused() =>
        Assert.Throws<ArgumentException>(() => Did.FromPublicKey(new byte[31]));
}
