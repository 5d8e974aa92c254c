using System.Buffers;
using Icn.Core.Canonical;
using Icn.Core.Identity;
using Icn.Identity.Keys;

namespace Icn.Trust.Edges;

/// <summary>
/// A node's edge as it shares it on <c>trust:attestations</c>: the canonical encoding of the edge, then the source's
/// Ed25519 signature over ASCII <c>icn-trust-v1:</c> and that encoding. A score of 0 withdraws an earlier one.
/// Self-contained like a ledger record, so it is verified wherever it is read, whatever carried it.
/// </summary>
public sealed record Attestation(TrustEdge Edge, byte[] Signature)
{
    public const byte Version = 1;
    public const int SignatureLength = 64;

    /// <summary>An encoded attestation is never longer than this (the bounds of every field).</summary>
    public const int MaxBytes = 1 + (2 * Did.PublicKeyLength) + 2 + 1 + (TrustEdge.MaxLabels * (4 + TrustEdge.MaxLabelBytes)) + 4 + TrustEdge.MaxEvidenceBytes + 16 + SignatureLength;

    private static ReadOnlySpan<byte> SigningPrefix => "icn-trust-v1:"u8;

    /// <summary>The edge, signed by its source's key.</summary>
    public static Attestation Sign(TrustEdge edge, IdentityKeyPair key)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(key);
        return key.Did == edge.Source
            ? new Attestation(edge, key.Sign([.. SigningPrefix, .. Unsigned(edge)]))
            : throw new ArgumentException($"{key.Did} cannot attest an edge from {edge.Source}", nameof(key));
    }

    public bool HasValidSignature() =>
        Signature.Length == SignatureLength && IdentityKeyPair.Verify(Edge.Source, [.. SigningPrefix, .. Unsigned(Edge)], Signature);

    public byte[] Encode() => [.. Unsigned(Edge), .. Signature];

    /// <summary>Decodes an attestation; anything but the canonical form is a <see cref="DecodeException"/>.</summary>
    public static Attestation Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.U8() is var version and not Version)
        {
            throw new DecodeException($"trust attestation version {version} is not supported (this node reads {Version})");
        }

        var source = Did.FromPublicKey(reader.Fixed(Did.PublicKeyLength));
        var target = Did.FromPublicKey(reader.Fixed(Did.PublicKeyLength));
        var score = reader.U16();
        var labels = new string[reader.Count(TrustEdge.MaxLabels)];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = reader.String(TrustEdge.MaxLabelBytes);
        }

        var evidence = reader.String(TrustEdge.MaxEvidenceBytes);
        var created = reader.I64();
        var expires = reader.I64();
        var signature = reader.Fixed(SignatureLength).ToArray();
        reader.End();
        try
        {
            var edge = new TrustEdge(source, target, (double)score / TrustEdge.ScoreScale, labels, evidence, created, expires == 0 ? null : expires);
            var attestation = new Attestation(edge, signature);
            return attestation.Encode().AsSpan().SequenceEqual(bytes) ? attestation : throw new DecodeException("trust attestation is not in canonical form");
        }
        catch (ArgumentException e)
        {
            throw new DecodeException($"trust attestation holds an invalid edge: {e.Message}");
        }
    }

    /// <summary>Whether bytes are an attestation, strictly encoded and signed by its source: what gossip may carry on trust topics.</summary>
    public static bool IsSound(byte[] bytes)
    {
        try
        {
            return Decode(bytes).HasValidSignature();
        }
        catch (DecodeException)
        {
            return false;
        }
    }

    private static byte[] Unsigned(TrustEdge edge)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        var writer = new CanonicalWriter(buffer);
        writer.U8(Version);
        writer.Fixed(edge.Source.PublicKey);
        writer.Fixed(edge.Target.PublicKey);
        writer.U16((ushort)Math.Round(edge.Score * TrustEdge.ScoreScale));
        writer.VarU64((ulong)edge.Labels.Count);
        foreach (var label in edge.Labels)
        {
            writer.String(label, TrustEdge.MaxLabelBytes);
        }

        writer.String(edge.Evidence, TrustEdge.MaxEvidenceBytes);
        writer.I64(edge.CreatedMs);
        writer.I64(edge.ExpiresMs ?? 0);
        return buffer.WrittenSpan.ToArray();
    }
}
