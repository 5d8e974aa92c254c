using System.Reflection;

namespace Icn.TestKit;

/// <summary>Paths inside the repository and to the built programs.</summary>
public static class Repository
{
    /// <summary>The folder holding Icn.slnx.</summary>
    public static string Root { get; } = FindRoot();

    private static readonly string s_configuration = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "Configuration").Value!;

    /// <summary>The built icnd.dll.</summary>
    public static string Icnd => Program("src", "Icn.Node", "icnd.dll");

    /// <summary>The built icnctl.dll.</summary>
    public static string Icnctl => Program("src", "Icn.Cli", "icnctl.dll");

    /// <summary>The built hostile-peer program (tests/Icn.Adversary).</summary>
    public static string Adversary => Program("tests", "Icn.Adversary", "Icn.Adversary.dll");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Program(string folder, string project, string file)
    {
        var path = PathOf(folder, project, "bin", s_configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first: {path} is missing");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Icn.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Icn.slnx not found above the test folder");
    }
}
