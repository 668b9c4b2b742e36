using Dataspace.Conformance.Identity;

namespace Dataspace.Conformance.Policy;

/// <summary>POL:03: an agreement limited in uses or time stops serving data once the limit is reached.</summary>
internal static class UsageLimitChecks
{
    public static IEnumerable<ConformanceCheck> All() =>
    [
        new ScriptedCheck("POL:03-01", "Count-limited agreement exhausts", ConformanceProfiles.Policy,
            "under an agreement permitting N uses, an HttpData-PULL transfer serves the data N times and refuses (4xx) the next access",
            async (context, ct) =>
            {
                var uses = context.Configuration.GetInt(PolicyFixtures.CountLimitedUses, 2);
                var (consumer, access, _) = await StartAsync(context, PolicyFixtures.CountLimited, ct).ConfigureAwait(false);
                for (var use = 1; use <= uses; use++)
                {
                    var answer = await consumer.FetchAsync(access, ct).ConfigureAwait(false);
                    if (!answer.IsSuccess)
                    {
                        throw new ConformanceException($"access {use} of {uses} permitted uses was refused: {answer.Describe()}");
                    }
                }

                RequireRefused(await consumer.FetchAsync(access, ct).ConfigureAwait(false), $"access {uses + 1}, after all {uses} permitted uses");
            }),
        new ScriptedCheck("POL:03-02", "Time-limited agreement expires", ConformanceProfiles.Policy,
            "under an agreement permitting use for a limited time after it was made, an HttpData-PULL transfer serves the data within that time and refuses (4xx) it afterwards",
            async (context, ct) =>
            {
                var seconds = context.Configuration.GetInt(PolicyFixtures.TimeLimitedSeconds, 5);
                var (consumer, access, agreed) = await StartAsync(context, PolicyFixtures.TimeLimited, ct).ConfigureAwait(false);
                var first = await consumer.FetchAsync(access, ct).ConfigureAwait(false);
                if (!first.IsSuccess)
                {
                    throw new ConformanceException($"the first access within the permitted {seconds} s was refused: {first.Describe()}");
                }

                // Counted from when the suite learnt of the agreement: the agreement is older, so its limit has surely passed by then.
                var wait = agreed.AddSeconds(seconds + 1) - context.TimeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, context.TimeProvider, ct).ConfigureAwait(false);
                }

                RequireRefused(await consumer.FetchAsync(access, ct).ConfigureAwait(false), $"an access more than {seconds} s after the agreement");
            }),
    ];

    private static async Task<(DspConsumer Consumer, PullAccess Access, DateTimeOffset AgreedBy)> StartAsync(CheckContext context, string key, CancellationToken cancellationToken)
    {
        var consumer = await DspConsumer.ForCheckAsync(context, cancellationToken).ConfigureAwait(false);
        var datasetId = context.Configuration.Get(key);
        var member = consumer.Persona(SuitePersonas.Member);
        var offer = await consumer.FindOfferAsync(member, datasetId, key, cancellationToken).ConfigureAwait(false);
        var outcome = await consumer.NegotiateAsync(member, datasetId, offer, cancellationToken).ConfigureAwait(false);
        if (outcome.State != NegotiationOutcome.Finalized || outcome.AgreementId is null)
        {
            throw new ConformanceException($"a member's negotiation for '{datasetId}' ({key}) ended {outcome.State}, expected FINALIZED: {outcome.Detail}");
        }

        var agreedBy = context.TimeProvider.GetUtcNow();
        return (consumer, await consumer.StartPullAsync(member, outcome.AgreementId, cancellationToken).ConfigureAwait(false), agreedBy);
    }

    private static void RequireRefused(DspAnswer answer, string what)
    {
        if (answer.IsSuccess)
        {
            throw new ConformanceException($"the target served the data on {what}: {answer.Describe()}; expected a refusal (403)");
        }

        if (answer.Status >= 500)
        {
            throw new ConformanceException($"the target failed on {what}: {answer.Describe()}; expected a refusal (403)");
        }
    }
}
