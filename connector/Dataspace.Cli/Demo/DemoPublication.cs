namespace Dataspace.Cli.Demo;

/// <summary>What the demo publishes: the file, its asset, the policy (and the data space its members belong to) and the offer.</summary>
internal sealed record DemoPublication(string AssetId, string Title, string FileName, string Content, string PolicyId, string PolicyJson, string OfferId, string DataspaceName);
