using Icn.Cli.Commands;
using Icn.Core.Files;

PrivateFiles.RestrictProcess();
return await CliProgram.RunAsync(args);
