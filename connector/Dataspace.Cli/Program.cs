using Dataspace.Cli;

return await CliApplication.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
