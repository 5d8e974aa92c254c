using Icn.Identity.Keys;
using Icn.Identity.Rotation;

namespace Icn.Identity.Tests;

public class KeyRotationTests
{
    [Fact]
    public void Rotation_is_signed_by_both_keys_and_any_change_breaks_it()
    {
        using var oldKey = IdentityKeyPair.Generate();
        using var newKey = IdentityKeyPair.Generate();

        var rotation = KeyRotation.Create(oldKey, newKey, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), RotationReason.Scheduled);

        Assert.True(rotation.IsValid());
        Assert.False((rotation with { Timestamp = rotation.Timestamp + 1 }).IsValid());
        Assert.False((rotation with { SignatureNew = rotation.SignatureOld }).IsValid());
        Assert.False((rotation with { SignatureOld = "not base64!" }).IsValid());
    }
}
