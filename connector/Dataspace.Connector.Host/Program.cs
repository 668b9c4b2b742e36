using Dataspace.Connector.Host;

return await ConnectorHost.RunAsync(new ConnectorHostSettings { Args = args }, CancellationToken.None).ConfigureAwait(false);
