namespace Icn.Identity.Keystore;

/// <summary>Why a keystore operation failed; each has one clear message for the operator.</summary>
public enum KeystoreError
{
    /// <summary>No keystore file at the path.</summary>
    NotFound,

    /// <summary>A keystore already exists where a new one would be written.</summary>
    AlreadyExists,

    /// <summary>The passphrase does not decrypt the keystore.</summary>
    WrongPassphrase,

    /// <summary>The file is shorter than its header says, or not a keystore at all.</summary>
    Corrupt,

    /// <summary>The file is a keystore of a version this build cannot read.</summary>
    UnsupportedVersion,

    /// <summary>The passphrase could not be obtained or is not acceptable.</summary>
    Passphrase,
}

/// <summary>A keystore failure whose message is fit to show the operator as one line.</summary>
public sealed class KeystoreException(KeystoreError error, string message) : Exception(message)
{
    public KeystoreError Error { get; } = error;
}
