using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Plugins.Storage.Postgres.Tests.Ports;

public sealed class PostgresStorageRegistrationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Register_WithoutAConnectionString_FailsNamingTheKey_AndShowingAnExample(string? connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(connectionString));

        Assert.Contains("Connector:Storage:ConnectionString is required when Connector:Storage:Provider is 'postgres'", error.Message);
        Assert.Contains("Host=", error.Message);
    }

    [Fact]
    public void Register_MalformedConnectionString_FailsNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register("Host=db;Colour=blue"));

        Assert.Contains("Connector:Storage:ConnectionString is not a valid PostgreSQL connection string", error.Message);
    }

    [Fact]
    public void Register_RegistersEveryStoragePort()
    {
        var services = Register("Host=db;Database=dataspace");

        foreach (var port in new[]
        {
            typeof(IStorageLifecycle), typeof(IConnectorStateStore), typeof(INegotiationStore), typeof(ITransferStore), typeof(IAgreementStore),
            typeof(IAssetStore), typeof(IOfferStore), typeof(IPolicyDefinitionStore), typeof(IUsageMeterStore), typeof(IOutboxStore),
            typeof(Sdk.Metering.IUsageRecordStore), typeof(Sdk.Metering.IUsageReceiptStore), typeof(Sdk.Metering.IUsageStatementStore),
        })
        {
            Assert.Contains(services, d => d.ServiceType == port);
        }
    }

    private static ServiceCollection Register(string? connectionString)
    {
        var services = new ServiceCollection();
        PostgresStorage.Register(services, new StorageProviderContext(StorageProviders.Postgres, connectionString, new ConfigurationBuilder().Build(), Path.GetTempPath()));
        return services;
    }
}
