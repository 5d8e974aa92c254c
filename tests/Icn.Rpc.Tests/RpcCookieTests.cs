namespace Icn.Rpc.Tests;

/// <summary>The token file icnd writes and icnctl reads: owner-only, and every way it can be wrong named.</summary>
public sealed class RpcCookieTests : InTempDirectory
{
    [Fact]
    public void A_new_token_is_written_owner_only_and_read_back()
    {
        var token = RpcCookie.Create(Dir.Path);

        Assert.Equal(token, RpcCookie.Read(Dir.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Dir.Path, RpcCookie.FileName)));
        Assert.NotEqual(token, RpcCookie.Create(Dir.Path)); // a new one at every start
    }

    [Theory]
    [InlineData(null, "no rpc.cookie in")]
    [InlineData("not a token", "does not hold an RPC token (64 hexadecimal digits)")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", "does not hold an RPC token")]
    public void A_missing_or_garbled_cookie_is_explained(string? contents, string message)
    {
        if (contents is not null)
        {
            File.WriteAllText(Path.Combine(Dir.Path, RpcCookie.FileName), contents);
        }

        var error = Assert.Throws<RpcException>(() => RpcCookie.Read(Dir.Path));

        Assert.Equal(RpcErrorCodes.Unavailable, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_directory_that_does_not_exist_is_named()
    {
        var missing = Path.Combine(Dir.Path, "nowhere");

        var error = Assert.Throws<RpcException>(() => RpcCookie.Read(missing));

        Assert.Contains($"data directory {missing} does not exist", error.Message, StringComparison.Ordinal);
    }
}
