using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Icn.Core.Identity;
using Icn.Identity.Keys;

namespace Icn.Identity.Rotation;

/// <summary>Why a key was rotated.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RotationReason>))]
public enum RotationReason
{
    Manual,
    Scheduled,
    Compromised,
    Upgrade,
}

/// <summary>
/// Evidence that one identity handed over to another: both keys sign
/// <c>key-rotation:&lt;old&gt;:&lt;new&gt;:&lt;unix seconds&gt;</c>, so anyone holding the old DID can
/// check that its owner chose the new one, and the new key's owner agreed.
/// </summary>
public sealed record KeyRotation(
    [property: JsonPropertyName("old_did")] string OldDid,
    [property: JsonPropertyName("new_did")] string NewDid,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("reason")] RotationReason Reason,
    [property: JsonPropertyName("signature_old")] string SignatureOld,
    [property: JsonPropertyName("signature_new")] string SignatureNew)
{
    /// <summary>Signs a rotation from <paramref name="oldKey"/> to <paramref name="newKey"/>.</summary>
    public static KeyRotation Create(IdentityKeyPair oldKey, IdentityKeyPair newKey, DateTimeOffset at, RotationReason reason)
    {
        var seconds = at.ToUnixTimeSeconds();
        var statement = Statement(oldKey.Did, newKey.Did, seconds);
        return new KeyRotation(oldKey.Did.ToString(), newKey.Did.ToString(), seconds, reason,
            Convert.ToBase64String(oldKey.Sign(statement)), Convert.ToBase64String(newKey.Sign(statement)));
    }

    /// <summary>True when both signatures verify over the statement.</summary>
    public bool IsValid()
    {
        if (!Did.TryParse(OldDid, out var oldDid) || !Did.TryParse(NewDid, out var newDid))
        {
            return false;
        }

        var statement = Statement(oldDid, newDid, Timestamp);
        try
        {
            return IdentityKeyPair.Verify(oldDid, statement, Convert.FromBase64String(SignatureOld))
                && IdentityKeyPair.Verify(newDid, statement, Convert.FromBase64String(SignatureNew));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Statement(Did oldDid, Did newDid, long seconds) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"key-rotation:{oldDid}:{newDid}:{seconds}"));
}
