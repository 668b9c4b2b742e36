namespace Dataspace.Conformance;

/// <summary>
/// The configuration of a dsp or robustness run against a connector: the TCK's keys for its endpoints and the fixture
/// ids of the TCK's sample configuration (<c>config/tck/sample.tck.properties</c>), which a target's TCK mode seeds.
/// </summary>
public static class TckConfiguration
{
    /// <summary>The fixture ids of the TCK's sample configuration, by key (<c>CN_01_01_DATASETID</c> → <c>ACN0101</c>, ...).</summary>
    public static IReadOnlyDictionary<string, string> SampleFixtures { get; } = BuildSampleFixtures();

    /// <summary>
    /// The configuration for a target whose root is <paramref name="baseUrl"/> (version document at
    /// <c>/.well-known/dspace-version</c>), DSP endpoint <paramref name="protocolUrl"/>, TCK trigger endpoints at
    /// <c>/tck/negotiations/requests</c> and <c>/tck/transfers/requests</c> of the root, and the sample fixtures.
    /// </summary>
    /// <param name="baseUrl">The target's root URL.</param>
    /// <param name="protocolUrl">The target's DSP endpoint.</param>
    /// <param name="agentId">The target's participant id.</param>
    /// <param name="authorization">The Authorization header value the target accepts from the suite, or null.</param>
    public static ConformanceConfiguration ForConnector(Uri baseUrl, Uri protocolUrl, string agentId, string? authorization)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(protocolUrl);
        var root = baseUrl.ToString().TrimEnd('/');
        var values = new Dictionary<string, string>(SampleFixtures, StringComparer.Ordinal)
        {
            [DspConfigurationKeys.ProtocolUrl] = protocolUrl.ToString().TrimEnd('/'),
            [DspConfigurationKeys.BaseUrl] = root,
            [DspConfigurationKeys.AgentId] = agentId,
            [DspConfigurationKeys.NegotiationInitiateUrl] = root + "/tck/negotiations/requests",
            [DspConfigurationKeys.TransferInitiateUrl] = root + "/tck/transfers/requests",
        };
        if (authorization is not null)
        {
            values[DspConfigurationKeys.Authorization] = authorization;
        }

        return new ConformanceConfiguration(values);
    }

    private static Dictionary<string, string> BuildSampleFixtures()
    {
        var fixtures = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CAT_01_01_DATASETID"] = "CAT0101",
            ["CAT_01_02_DATASETID"] = "CAT0102",
            ["CAT_01_03_DATASETID"] = "CAT0103",
        };
        foreach (var (group, last) in new[] { ("01", 4), ("02", 7), ("03", 4) })
        {
            for (var i = 1; i <= last; i++)
            {
                var id = $"{group}_{i:00}";
                fixtures[$"CN_{id}_DATASETID"] = $"ACN{group}{i:00}";
                fixtures[$"CN_{id}_OFFERID"] = $"CD123:ACN{group}{i:00}:456";
            }
        }

        foreach (var (group, last) in new[] { ("01", 4), ("02", 6), ("03", 6) })
        {
            for (var i = 1; i <= last; i++)
            {
                fixtures[$"CN_C_{group}_{i:00}_DATASETID"] = $"ACNC{group}{i:00}";
            }
        }

        foreach (var (prefix, agreement, groups) in new[] { ("TP", "ATP", new[] { ("01", 5), ("02", 5), ("03", 6) }), ("TP_C", "ATPC", new[] { ("01", 5), ("02", 5), ("03", 6) }) })
        {
            foreach (var (group, last) in groups)
            {
                for (var i = 1; i <= last; i++)
                {
                    fixtures[$"{prefix}_{group}_{i:00}_AGREEMENTID"] = $"{agreement}{group}{i:00}";
                    fixtures[$"{prefix}_{group}_{i:00}_FORMAT"] = "HttpData-PULL";
                }
            }
        }

        // As in the sample file: TP_C:01-05 reuses TP_C:01-04's agreement (both leave the consumer's moves to the provider).
        fixtures["TP_C_01_05_AGREEMENTID"] = "ATPC0104";
        return fixtures;
    }
}
