using Icn.Protocol.Framing;

namespace Icn.Protocol.Tests;

public class FrameTests
{
    [Fact]
    public async Task Frames_round_trip_and_a_clean_end_returns_null()
    {
        using var stream = new MemoryStream([0, 0, 0, 3, 7, 8, 9, 0, 0, 0, 1, 5]);

        using var first = await Frames.ReadAsync(stream, 16, TestContext.Current.CancellationToken);
        using var second = await Frames.ReadAsync(stream, 16, TestContext.Current.CancellationToken);
        var end = await Frames.ReadAsync(stream, 16, TestContext.Current.CancellationToken);

        Assert.Equal([7, 8, 9], first!.Payload.ToArray());
        Assert.Equal(7, first.WireLength);
        Assert.Equal([5], second!.Payload.ToArray());
        Assert.Null(end);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 }, FrameError.Empty)]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff }, FrameError.Oversize)]
    [InlineData(new byte[] { 0, 0, 0, 17 }, FrameError.Oversize)]
    [InlineData(new byte[] { 0, 0 }, FrameError.Truncated)]
    [InlineData(new byte[] { 0, 0, 0, 5, 1, 2 }, FrameError.Truncated)]
    public async Task Bad_frames_are_refused_before_allocation(byte[] bytes, FrameError expected)
    {
        using var stream = new MemoryStream(bytes);

        var error = await Assert.ThrowsAsync<FrameException>(async () => await Frames.ReadAsync(stream, 16, TestContext.Current.CancellationToken));

        Assert.Equal(expected, error.Error);
    }
}
