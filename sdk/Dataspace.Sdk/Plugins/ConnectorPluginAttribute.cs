namespace Dataspace.Sdk.Plugins;

/// <summary>Names the type in this assembly that implements <see cref="IConnectorPlugin"/>.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ConnectorPluginAttribute : Attribute
{
    /// <summary>Declares <paramref name="pluginType"/> as the plugin's entry point.</summary>
    public ConnectorPluginAttribute(Type pluginType) => PluginType = pluginType;

    /// <summary>The entry-point type; it must implement <see cref="IConnectorPlugin"/>.</summary>
    public Type PluginType { get; }
}
