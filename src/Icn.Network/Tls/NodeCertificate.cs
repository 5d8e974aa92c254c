using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Icn.Network.Tls;

/// <summary>
/// The node's TLS certificate, made anew before it expires: a certificate lives
/// <see cref="CertificateBinding.Lifetime"/>, and one within <see cref="RenewBefore"/> of its end is
/// replaced at the next handshake, so a node up for months keeps connecting. Thread-safe.
/// </summary>
internal sealed class NodeCertificate(Func<X509Certificate2> issue, TimeProvider time) : IDisposable
{
    /// <summary>How long before expiry a certificate is replaced.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    private static readonly SslCertificateTrust s_noTrustList = SslCertificateTrust.CreateForX509Collection([], sendTrustInHandshake: false);
    private readonly Lock _gate = new();
    private X509Certificate2? _certificate;
    private SslStreamCertificateContext? _context;

    /// <summary>The context to present now, renewed first when the certificate is near its end.</summary>
    public SslStreamCertificateContext Current()
    {
        lock (_gate)
        {
            if (_certificate is null || time.GetUtcNow() >= _certificate.NotAfter.ToUniversalTime() - RenewBefore)
            {
                // The previous certificate is not disposed: handshakes in flight may still present it.
                _certificate = issue();
                // No trust list to send: peers are verified by their DID binding, never by a CA. Without this the server
                // side of every handshake loaded and sorted the system's CA names to offer the client (measured: most
                // of icnd's CPU while strangers dialled).
                _context = SslStreamCertificateContext.Create(_certificate, null, offline: true, s_noTrustList);
            }

            return _context!;
        }
    }

    /// <summary>The certificate presented now (for tests and diagnostics).</summary>
    public X509Certificate2 Certificate
    {
        get
        {
            Current();
            lock (_gate)
            {
                return _certificate!;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _certificate?.Dispose();
        }
    }
}
