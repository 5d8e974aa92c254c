using Icn.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Tests;

public class ConfigLoaderTests : InTempDirectory
{
    [Fact]
    public void Defaults_serve_metrics_on_9090_every_10_seconds()
    {
        var options = Load(null, new Dictionary<string, string> { ["data_dir"] = Dir.Path });

        Assert.Equal("0.0.0.0:9090", options.Observability.MetricsAddress!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(10), options.Observability.GaugeRefreshInterval);
        Assert.Equal(LogLevel.Information, options.Log.Level);
        Assert.Equal(Dir.Path, options.DataDirectory);
    }

    [Fact]
    public void Flags_override_environment_which_overrides_the_file()
    {
        var file = Toml("""
            log_level = "error"
            [metrics]
            addr = "127.0.0.1:1000"
            refresh_seconds = 30
            """);
        var environment = new Dictionary<string, string> { ["ICN_METRICS_ADDR"] = "127.0.0.1:2000", ["ICN_LOG_LEVEL"] = "debug" };

        var options = ConfigLoader.Load(file, new Dictionary<string, string> { ["metrics.addr"] = "127.0.0.1:3000" }, environment.GetValueOrDefault);

        Assert.Equal("127.0.0.1:3000", options.Observability.MetricsAddress!.ToString());
        Assert.Equal(LogLevel.Debug, options.Log.Level);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Observability.GaugeRefreshInterval);
    }

    [Fact]
    public void Metrics_can_be_switched_off() =>
        Assert.Null(Load(null, new Dictionary<string, string> { ["metrics.addr"] = "none" }).Observability.MetricsAddress);

    [Fact]
    public void Icn_toml_in_the_data_directory_is_read_without_config_flag()
    {
        File.WriteAllText(Path.Combine(Dir.Path, "icn.toml"), "log_level = \"warn\"\n");

        Assert.Equal(LogLevel.Warning, Load(null, new Dictionary<string, string> { ["data_dir"] = Dir.Path }).Log.Level);
    }

    [Theory]
    [InlineData("colour = \"blue\"", "unknown key 'colour'")]
    [InlineData("[metrics]\nport = 9090", "unknown key 'metrics.port'")]
    [InlineData("[metrics]\naddr = 9090", "bad value for 'metrics.addr'")]
    [InlineData("[metrics]\naddr = \"nohost\"", "bad value for 'metrics.addr'")]
    [InlineData("[metrics]\nrefresh_seconds = \"ten\"", "bad value for 'metrics.refresh_seconds'")]
    [InlineData("[metrics]\nrefresh_seconds = 0", "bad value for 'metrics.refresh_seconds'")]
    [InlineData("log_level = \"loud\"", "bad value for 'log_level'")]
    [InlineData("log_level = [\"info\"]", "bad value for 'log_level'")]
    [InlineData("log_level = \"info\"\nlog_level = \"warn\"", "key 'log_level' is set twice")]
    [InlineData("log_level = = 3", "is not valid TOML")]
    public void Bad_file_names_the_key_and_the_line(string toml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Load(Toml(toml), []));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_environment_value_names_the_variable()
    {
        var error = Assert.Throws<ConfigException>(() =>
            ConfigLoader.Load(null, new Dictionary<string, string> { ["data_dir"] = Dir.Path },
                name => name == "ICN_METRICS_REFRESH_SECONDS" ? "soon" : null));

        Assert.Contains("ICN_METRICS_REFRESH_SECONDS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_idle_timeout_is_configurable_and_refused_below_the_keep_alive_floor()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Load(null, []).Network.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(900), Load(Toml("[network]\nidle_timeout_seconds = 900"), []).Network.IdleTimeout);
        var error = Assert.Throws<ConfigException>(() => Load(Toml("[network]\nidle_timeout_seconds = 10"), []));
        Assert.Contains("bad value for 'network.idle_timeout_seconds'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_config_file_is_an_error() =>
        Assert.Contains("does not exist", Assert.Throws<ConfigException>(() => Load(Dir.File("absent.toml"), [])).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("127.0.0.1:9090", "127.0.0.1:9090")]
    [InlineData("localhost:80", "127.0.0.1:80")]
    [InlineData("[::1]:9090", "[::1]:9090")]
    public void Listen_addresses_parse(string text, string expected) => Assert.Equal(expected, ListenAddress.Parse(text).ToString());

    private NodeOptions Load(string? file, Dictionary<string, string> flags) =>
        ConfigLoader.Load(file, new Dictionary<string, string>(flags) { ["data_dir"] = flags.GetValueOrDefault("data_dir", Dir.Path) }, _ => null);

    private string Toml(string text)
    {
        var path = Dir.File("icn.toml");
        File.WriteAllText(path, text);
        return path;
    }
}

public class NetworkConfigTests : InTempDirectory
{
    [Fact]
    public void Listen_and_bootstrap_peers_come_from_the_file()
    {
        var did = Icn.Core.Identity.Did.FromPublicKey(new byte[32]);
        File.WriteAllText(Dir.File("icn.toml"), $"""
            [network]
            listen = "127.0.0.1:7000"
            bootstrap_peers = ["icn://{did}@127.0.0.1:7001"]
            """);

        var options = ConfigLoader.Load(null, new Dictionary<string, string> { ["data_dir"] = Dir.Path }, _ => null);

        Assert.Equal("127.0.0.1:7000", options.Network.ListenAddress.ToString());
        var peer = Assert.Single(options.Network.BootstrapPeers);
        Assert.Equal(did, peer.Did);
        Assert.Equal(7001, peer.Port);
    }

    [Fact]
    public void Default_listen_address_is_7777_on_every_interface() =>
        Assert.Equal("0.0.0.0:7777", ConfigLoader.Load(null, new Dictionary<string, string> { ["data_dir"] = Dir.Path }, _ => null).Network.ListenAddress.ToString());

    [Theory]
    [InlineData("[network]\nbootstrap_peers = [\"http://x\"]", "is not icn://")]
    [InlineData("[network]\nbootstrap_peers = 5", "bad value for 'network.bootstrap_peers'")]
    [InlineData("[network]\nbootstrap_peers = [\"icn://did:icn:z11111111111111111111111111111111@host:0\"]", "is not icn://")]
    [InlineData("[network]\nlisten = \"anywhere\"", "bad value for 'network.listen'")]
    public void Bad_network_values_name_the_key(string toml, string expected)
    {
        File.WriteAllText(Dir.File("icn.toml"), toml);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, new Dictionary<string, string> { ["data_dir"] = Dir.Path }, _ => null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
