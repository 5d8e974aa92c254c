namespace Icn.Rpc.Tests;

/// <summary>Ports handed to nodes are claimed across processes, so two test processes never start nodes on the same one.</summary>
public class LoopbackPortsTests
{
    [Fact]
    public void A_port_is_claimed_once_until_its_claim_is_old()
    {
        var port = LoopbackPorts.Next();
        var claim = Path.Combine(LoopbackPorts.ClaimFolder, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(File.Exists(claim));

        // Another process asking for the same port now is refused; once the claim outlives its lifetime, it may have it.
        Assert.False(LoopbackPorts.TryClaim(port));
        File.SetLastWriteTimeUtc(claim, DateTime.UtcNow - LoopbackPorts.ClaimLifetime - TimeSpan.FromMinutes(1));
        Assert.True(LoopbackPorts.TryClaim(port));
        Assert.False(LoopbackPorts.TryClaim(port));
    }
}
