using Dataspace.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>A fresh, empty storage (its own database or schema) with every store port registered, for one contract test.</summary>
public sealed class StorageUnderTest : IAsyncDisposable
{
    private readonly Func<ValueTask>? _cleanup;

    /// <summary>Wraps <paramref name="services"/>, which resolve every store port.</summary>
    /// <param name="services">Resolves the ports (e.g. built from the provider's registration).</param>
    /// <param name="beginRequest">
    /// Makes the calling flow act as a DSP request whose answer is sent when the given task completes (what the host's
    /// <see cref="IOutboxHold"/> reports); the hold test needs it.
    /// </param>
    /// <param name="cleanup">Drops the database or schema; runs after the services are disposed.</param>
    public StorageUnderTest(IServiceProvider services, Action<Task>? beginRequest = null, Func<ValueTask>? cleanup = null)
    {
        Services = services;
        BeginRequest = beginRequest;
        _cleanup = cleanup;
    }

    /// <summary>The services the ports are resolved from.</summary>
    public IServiceProvider Services { get; }

    /// <summary>See the constructor's <c>beginRequest</c>; null when the provider cannot be tested for holds.</summary>
    public Action<Task>? BeginRequest { get; }

    /// <summary>The negotiation store.</summary>
    public INegotiationStore Negotiations => Services.GetRequiredService<INegotiationStore>();

    /// <summary>The transfer store.</summary>
    public ITransferStore Transfers => Services.GetRequiredService<ITransferStore>();

    /// <summary>The agreement store.</summary>
    public IAgreementStore Agreements => Services.GetRequiredService<IAgreementStore>();

    /// <summary>The asset store.</summary>
    public IAssetStore Assets => Services.GetRequiredService<IAssetStore>();

    /// <summary>The offer store.</summary>
    public IOfferStore Offers => Services.GetRequiredService<IOfferStore>();

    /// <summary>The policy definition store.</summary>
    public IPolicyDefinitionStore Policies => Services.GetRequiredService<IPolicyDefinitionStore>();

    /// <summary>The usage meter.</summary>
    public IUsageMeterStore UsageMeter => Services.GetRequiredService<IUsageMeterStore>();

    /// <summary>The usage records (metering).</summary>
    public Sdk.Metering.IUsageRecordStore UsageRecords => Services.GetRequiredService<Sdk.Metering.IUsageRecordStore>();

    /// <summary>The usage receipts (metering).</summary>
    public Sdk.Metering.IUsageReceiptStore UsageReceipts => Services.GetRequiredService<Sdk.Metering.IUsageReceiptStore>();

    /// <summary>The statements (metering).</summary>
    public Sdk.Metering.IUsageStatementStore UsageStatements => Services.GetRequiredService<Sdk.Metering.IUsageStatementStore>();

    /// <summary>The connector state store.</summary>
    public IConnectorStateStore ConnectorState => Services.GetRequiredService<IConnectorStateStore>();

    /// <summary>The outbox.</summary>
    public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();

    /// <summary>The audit log store.</summary>
    public Audit.IAuditLogStore AuditLog => Services.GetRequiredService<Audit.IAuditLogStore>();

    /// <summary>The compute jobs, their outputs and the privacy-budget ledger.</summary>
    public Sdk.Compute.IComputeJobStore ComputeJobs => Services.GetRequiredService<Sdk.Compute.IComputeJobStore>();

    /// <summary>The lifecycle (migrations).</summary>
    public IStorageLifecycle Lifecycle => Services.GetRequiredService<IStorageLifecycle>();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        if (_cleanup is not null)
        {
            await _cleanup().ConfigureAwait(false);
        }
    }
}
