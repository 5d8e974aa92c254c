using Icn.Core.Canonical;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;
using SharpFuzz;

// AFL++ feeds each input as a byte stream from a peer: read frames until the stream ends and decode
// each envelope. Refusals (FrameException, DecodeException) are the expected outcome for garbage; any
// other exception, a hang or a crash is a finding. See docs/fuzzing.md.
Fuzzer.OutOfProcess.Run(stream =>
{
    try
    {
        while (Frames.ReadAsync(stream, 64 * 1024, CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } frame)
        {
            using (frame)
            {
                var envelope = Envelope.Decode(frame.Payload, 64 * 1024);
                // Whatever is accepted must be canonical: re-encoding gives the same bytes.
                if (!envelope.ToBytes().AsSpan().SequenceEqual(frame.Payload))
                {
                    throw new InvalidOperationException("accepted a non-canonical envelope");
                }
            }
        }
    }
    catch (FrameException)
    {
    }
    catch (DecodeException)
    {
    }
});
