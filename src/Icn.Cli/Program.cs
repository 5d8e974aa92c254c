using Icn.Cli.Commands;

return await CliProgram.RunAsync(args);
