using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Icn.Core.Identity;
using Icn.Identity.Keys;

namespace Icn.Network.Tls;

/// <summary>
/// Binds a throw-away TLS certificate to a node's identity, in the manner of libp2p-TLS: the
/// certificate carries an extension holding the node's Ed25519 public key and that key's signature
/// over the certificate's SubjectPublicKeyInfo. Whoever verifies the signature knows the TLS key
/// speaks for the DID, without any certificate authority.
/// </summary>
/// <remarks>
/// Extension value, version 1: <c>0x01 | Ed25519 public key (32) | Ed25519 signature (64)</c>, the
/// signature over the ASCII prefix <c>icn-tls-binding-v1:</c> followed by the SPKI DER bytes.
/// </remarks>
public static class CertificateBinding
{
    /// <summary>A UUID-based OID (X.667), so no registry is needed and no other scheme's OID is borrowed.</summary>
    public const string ExtensionOid = "2.25.72616226978478222192294392646543179563";

    /// <summary>How long a node's certificate is valid; it is renewed a week before (NodeCertificate).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// How far a peer's clock may be off: a certificate is valid from this long before it was made, and a
    /// peer's is checked with this much slack at its end, so clocks an hour or a day apart still connect
    /// (entries carry their own, stricter, timestamp rules).
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromDays(1);

    private const byte Version = 1;
    private const int ValueLength = 1 + Did.PublicKeyLength + IdentityKeyPair.SignatureLength;
    private static readonly byte[] s_context = Encoding.ASCII.GetBytes("icn-tls-binding-v1:");

    /// <summary>Makes a fresh ECDSA P-256 certificate bound to <paramref name="identity"/>.</summary>
    public static X509Certificate2 Create(IdentityKeyPair identity, TimeProvider time) =>
        Create(identity.Did, spki => identity.Sign([.. s_context, .. spki]), time);

    /// <summary>Builds a certificate claiming <paramref name="claimed"/> with whatever signature <paramref name="sign"/> gives.</summary>
    internal static X509Certificate2 Create(Did claimed, Func<byte[], byte[]> sign, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=icn-node", key, HashAlgorithmName.SHA256);
        var spki = request.PublicKey.ExportSubjectPublicKeyInfo();
        byte[] value = [Version, .. claimed.PublicKey, .. sign(spki)];
        request.CertificateExtensions.Add(new X509Extension(ExtensionOid, value, critical: false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now - ClockTolerance, now + Lifetime);
        // A PKCS#12 round trip gives SslStream a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The DID a peer's certificate proves, or an <see cref="IdentityBindingException"/> saying why not.</summary>
    public static Did Verify(X509Certificate2 certificate, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var (from, to) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        if (now < from || now > to + ClockTolerance)
        {
            // Made (by the peer's clock) a day before "from": how far apart the two clocks are, roughly.
            var offset = from + ClockTolerance - now;
            throw new IdentityBindingException($"the peer's certificate is valid from {from:u} to {to:u} but this node's clock says {now:u}: "
                + (now < from ? $"the peer's clock is about {offset.TotalHours:0} h ahead of this node's" : "it has expired")
                + "; check both clocks (NTP)");
        }

        var extension = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == ExtensionOid)
            ?? throw new IdentityBindingException("the peer's certificate carries no identity binding");
        var value = extension.RawData;
        if (value.Length != ValueLength || value[0] != Version)
        {
            throw new IdentityBindingException("the peer's identity binding is malformed");
        }

        var did = Did.FromPublicKey(value.AsSpan(1, Did.PublicKeyLength));
        var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        if (!IdentityKeyPair.Verify(did, [.. s_context, .. spki], value.AsSpan(1 + Did.PublicKeyLength)))
        {
            throw new IdentityBindingException($"the certificate's binding is not signed by {did}");
        }

        return did;
    }
}

/// <summary>A peer whose certificate does not prove the identity it claims (or the one dialled).</summary>
public sealed class IdentityBindingException(string message) : Exception(message);
