using System.Globalization;
using Icn.Adversary;

// icn-adversary crowd PORT DID IDENTITIES [CONCURRENCY]: makes IDENTITIES identities with their certificates, says
// "ready N", waits for a line on stdin, dials the node on 127.0.0.1:PORT with each (CONCURRENCY at a time), says
// "admitted N" and holds what was admitted until stdin closes. Exit 2 on bad arguments, as icnd does.
if (args is not ["crowd", var port, var did, var identities, ..]
    || !int.TryParse(port, CultureInfo.InvariantCulture, out var p)
    || !int.TryParse(identities, CultureInfo.InvariantCulture, out var n)
    || !Icn.Core.Identity.Did.TryParse(did, out var node))
{
    Console.Error.WriteLine("usage: icn-adversary crowd PORT DID IDENTITIES [CONCURRENCY]");
    return 2;
}

var concurrency = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 8;
await using var crowd = Crowd.Prepare(n);
Console.WriteLine($"ready {n}");
if (await Console.In.ReadLineAsync() is null)
{
    return 0;
}

var admitted = await crowd.DialAsync(p, node, concurrency);
Console.WriteLine($"admitted {admitted}");
while (await Console.In.ReadLineAsync() is not null)
{
}

return 0;
