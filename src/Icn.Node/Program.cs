using Icn.Core.Files;
using Icn.Node.Startup;

PrivateFiles.RestrictProcess();
return await NodeProgram.RunAsync(args);
