using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.FederatedCatalog;

/// <content>
/// Data-product registration records: a dataset is indexed as registered only when its record verifies (a trusted
/// authority's signature, this dataset of this member, valid, not revoked). Records are verified again at every crawl,
/// also of unchanged catalogs, so a revoked or expired registration leaves the index at the next crawl.
/// </content>
public sealed partial class CatalogCrawler
{
    // Crawls never overlap (the gate), so one bag serves the crawl running.
    private readonly ConcurrentBag<IgnoredRegistration> _ignored = [];

    private async Task<List<FederatedDataset>> VerifyRegistrationsAsync(CatalogMember member, List<FederatedDataset> datasets, CancellationToken cancellationToken)
    {
        for (var i = 0; i < datasets.Count; i++)
        {
            if (datasets[i].RegistrationRecord is { } record)
            {
                var check = await CheckAsync(member, datasets[i].DatasetId, record, cancellationToken).ConfigureAwait(false);
                datasets[i] = check.Registered
                    ? datasets[i] with { Registered = true, RegistrationNumber = check.Number, Classification = check.Classification ?? datasets[i].Classification }
                    : datasets[i] with { Registered = false, RegistrationNumber = null };
            }
        }

        return datasets;
    }

    // The member's indexed records verified again: revocation and expiry do not change a catalog's bytes. Those of
    // `verified` datasets were verified by this crawl already.
    private async Task RecheckRegistrationsAsync(CatalogMember member, CancellationToken cancellationToken, HashSet<string>? verified = null)
    {
        foreach (var (datasetId, record, registered) in await _store.GetRegistrationsAsync(member.Did, cancellationToken).ConfigureAwait(false))
        {
            if (verified?.Contains(datasetId) == true)
            {
                continue;
            }

            var check = await CheckAsync(member, datasetId, record, cancellationToken).ConfigureAwait(false);
            if (check.Registered != registered)
            {
                await _store.SetRegistrationAsync(member.Did, datasetId, check.Registered, check.Number, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<RegistrationCheck> CheckAsync(CatalogMember member, string datasetId, string record, CancellationToken cancellationToken)
    {
        var check = _registrations is null
            ? RegistrationCheck.Ignored("this connector has no identity services to verify registration records with")
            : await _registrations.VerifyAsync(record, member.Did, datasetId, cancellationToken).ConfigureAwait(false);
        if (!check.Registered)
        {
            var reason = check.Reason ?? "the record does not hold";
            _ignored.Add(new IgnoredRegistration(member.Did, datasetId, reason));
            LogRegistrationIgnored(_logger, datasetId, member.Did, reason);
        }

        return check;
    }

    [LoggerMessage(EventId = 5120, Level = LogLevel.Warning, Message = "Federated catalog: the registration record of dataset {Dataset} of {Member} is ignored: {Reason}")]
    private static partial void LogRegistrationIgnored(ILogger logger, string dataset, string member, string reason);
}
