using System.Text;
using Icn.Identity.Keys;
using Icn.Identity.Keystore;

namespace Icn.Identity.Tests;

public class KeystoreTests : InTempDirectory
{
    private static readonly byte[] s_passphrase = Encoding.UTF8.GetBytes("correct horse battery staple ✓");
    [Fact]
    public void Created_keystore_unlocks_to_the_same_key_and_shows_its_did_without_passphrase()
    {
        var keystore = IdentityKeystore.InDataDirectory(Dir.Path);
        using var key = IdentityKeyPair.Generate();

        keystore.Create(key, s_passphrase);
        using var unlocked = keystore.Unlock(s_passphrase);

        Assert.Equal(key.Did, unlocked.Did);
        Assert.Equal(key.Did, keystore.ReadDid());
        var message = "hello"u8.ToArray();
        Assert.True(IdentityKeyPair.Verify(key.Did, message, unlocked.Sign(message)));
    }

    [Fact]
    public void Keystore_file_is_private_to_its_owner_and_starts_with_the_signature()
    {
        var keystore = IdentityKeystore.InDataDirectory(Dir.Path);
        using var key = IdentityKeyPair.Generate();

        keystore.Create(key, s_passphrase);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keystore.Path));
        Assert.Equal("ICNKEYST"u8.ToArray(), File.ReadAllBytes(keystore.Path)[..8]);
        Assert.Single(Directory.GetFiles(Dir.Path));
    }

    [Fact]
    public void Wrong_passphrase_is_reported_as_such()
    {
        var keystore = Created();

        var error = Assert.Throws<KeystoreException>(() => keystore.Unlock("not it"u8));

        Assert.Equal(KeystoreError.WrongPassphrase, error.Error);
        Assert.Contains("wrong passphrase", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(142)]
    public void Truncated_keystore_is_damaged_not_a_crash(int length)
    {
        var keystore = Created();
        File.WriteAllBytes(keystore.Path, File.ReadAllBytes(keystore.Path)[..length]);

        var error = Assert.Throws<KeystoreException>(() => keystore.Unlock(s_passphrase));

        Assert.Equal(KeystoreError.Corrupt, error.Error);
        Assert.Contains(keystore.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_bit_anywhere_after_the_signature_stops_unlocking()
    {
        var keystore = Created();
        var original = File.ReadAllBytes(keystore.Path);
        // Every byte of header and ciphertext is authenticated, so any change is refused.
        foreach (var position in new[] { 9, 12, 25, 40, 70, 94, 100, 142 })
        {
            var damaged = (byte[])original.Clone();
            damaged[position] ^= 0x01;
            File.WriteAllBytes(keystore.Path, damaged);

            var error = Assert.Throws<KeystoreException>(() => keystore.Unlock(s_passphrase));
            Assert.NotEqual(KeystoreError.NotFound, error.Error);
        }
    }

    [Fact]
    public void A_version_from_the_future_is_named()
    {
        var keystore = Created();
        var bytes = File.ReadAllBytes(keystore.Path);
        bytes[9] = 9;
        File.WriteAllBytes(keystore.Path, bytes);

        var error = Assert.Throws<KeystoreException>(() => keystore.ReadDid());

        Assert.Equal(KeystoreError.UnsupportedVersion, error.Error);
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_keystore_says_how_to_create_one()
    {
        var error = Assert.Throws<KeystoreException>(() => IdentityKeystore.InDataDirectory(Dir.Path).Unlock(s_passphrase));

        Assert.Equal(KeystoreError.NotFound, error.Error);
        Assert.Contains("icnctl id init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_never_overwrites_an_existing_identity()
    {
        var keystore = Created();
        var before = File.ReadAllBytes(keystore.Path);
        using var other = IdentityKeyPair.Generate();

        var error = Assert.Throws<KeystoreException>(() => keystore.Create(other, s_passphrase));

        Assert.Equal(KeystoreError.AlreadyExists, error.Error);
        Assert.Equal(before, File.ReadAllBytes(keystore.Path));
    }

    [Fact]
    public void Weak_key_derivation_cost_is_refused_on_write_and_read()
    {
        var keystore = IdentityKeystore.InDataDirectory(Dir.Path);
        using var key = IdentityKeyPair.Generate();
        var weak = IdentityKeystore.Seal(key, s_passphrase, new KdfCost(1024, 1));
        File.WriteAllBytes(keystore.Path, weak);

        var error = Assert.Throws<KeystoreException>(() => keystore.Unlock(s_passphrase));

        Assert.Equal(KeystoreError.Corrupt, error.Error);
        Assert.Contains("key-derivation cost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_passphrase_is_refused() =>
        Assert.Equal(KeystoreError.Passphrase, Assert.Throws<KeystoreException>(() =>
        {
            using var key = IdentityKeyPair.Generate();
            IdentityKeystore.InDataDirectory(Dir.Path).Create(key, []);
        }).Error);

    private IdentityKeystore Created()
    {
        var keystore = IdentityKeystore.InDataDirectory(Dir.Path);
        using var key = IdentityKeyPair.Generate();
        keystore.Create(key, s_passphrase);
        return keystore;
    }
}
