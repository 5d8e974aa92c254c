using Icn.Node.Startup;

return await NodeProgram.RunAsync(args);
