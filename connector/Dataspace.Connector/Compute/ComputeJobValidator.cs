using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>Checks a job's shape before anything is stored: ids, sizes, the DAG, parties, inputs and agreements.</summary>
internal static class ComputeJobValidator
{
    private const int MaxIdLength = 128;
    private const int MaxAttributes = 64;

    /// <summary>The first problem of <paramref name="job"/>, said as what was wrong and what was expected; null when it is well formed.</summary>
    public static string? Check(ComputeJob job, ComputeOptions options)
    {
        if (!IsToken(job.Id)) return $"job id '{Shorten(job.Id)}' is not valid: expected 1 to {MaxIdLength} letters, digits, '.', '_', ':' or '-'";
        if (string.IsNullOrWhiteSpace(job.Initiator) || job.Initiator.Length > 512) return "the job names no initiator: expected the consumer's participant id";
        if (job.Tasks is null || job.Tasks.Count == 0) return "the job has no tasks: expected at least one";
        if (job.Tasks.Count > options.MaxTasks) return $"the job has {job.Tasks.Count} tasks: expected at most {options.MaxTasks}";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in job.Tasks)
        {
            if (task is null) return "a task is null: expected a task object";
            var where = $"task '{Shorten(task.Id)}'";
            if (!IsToken(task.Id) || task.Id.Length > 64) return $"{where}: the task id is not valid: expected 1 to 64 letters, digits, '.', '_', ':' or '-'";
            if (!seen.Add(task.Id)) return $"{where}: the task id is used twice: expected unique task ids";
            if (!ComponentId.TryParse(task.Component, out _)) return $"{where}: component '{Shorten(task.Component)}' is not valid: expected domain/name:version, e.g. {ComputeComponents.PsiEcdh}";
            if (task.Parties is null || task.Parties.Count < 2) return $"{where}: expected at least two parties";
            if (task.Parties.Count > options.MaxParties) return $"{where}: {task.Parties.Count} parties: expected at most {options.MaxParties}";
            if (task.Parties.Select(p => p?.ParticipantId).Distinct(StringComparer.Ordinal).Count() != task.Parties.Count)
                return $"{where}: a participant appears twice: expected each party once";
            foreach (var party in task.Parties)
            {
                if (party is null || string.IsNullOrWhiteSpace(party.ParticipantId) || party.ParticipantId.Length > 512) return $"{where}: a party has no participant id";
                if (string.IsNullOrWhiteSpace(party.Role) || party.Role.Length > 64) return $"{where}: party '{Shorten(party.ParticipantId)}' has no role";
                if (party.Input is { } input && Input(input, party.ParticipantId == job.Initiator) is { } problem) return $"{where}: party '{Shorten(party.ParticipantId)}': {problem}";
            }

            if (task.Attributes is null || task.Attributes.Count > MaxAttributes) return $"{where}: expected at most {MaxAttributes} attributes";
            if (task.Releases is null || task.Releases.Count == 0) return $"{where}: the task asks no release: expected the release kinds each receiver asks for";
            foreach (var (receiver, kinds) in task.Releases)
            {
                if (!task.Parties.Any(p => p.ParticipantId == receiver)) return $"{where}: release receiver '{Shorten(receiver)}' is not a party of the task";
                if (kinds is null || kinds.Count == 0 || kinds.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 64)) return $"{where}: receiver '{Shorten(receiver)}' asks no valid release kind";
            }

            foreach (var dependency in task.DependsOn ?? [])
            {
                // Depending only on earlier tasks makes the graph acyclic by construction.
                if (!seen.Contains(dependency) || dependency == task.Id) return $"{where}: it depends on '{Shorten(dependency)}', which is not an earlier task: expected tasks listed after those they depend on";
            }
        }

        if (job.Agreements is null) return "the job lists no agreements: expected one per participating provider";
        foreach (var provider in job.Participants.Where(p => p != job.Initiator))
        {
            var bound = job.Agreements.Where(a => a?.ProviderId == provider).ToList();
            if (bound.Count != 1) return $"participant '{Shorten(provider)}' takes part without {(bound.Count == 0 ? "an" : "exactly one")} agreement: expected one agreement per participating provider";
            if (bound[0].ConsumerId != job.Initiator) return $"the agreement '{Shorten(bound[0].AgreementId)}' of '{Shorten(provider)}' names consumer '{Shorten(bound[0].ConsumerId)}': expected the job's initiator";
            if (string.IsNullOrWhiteSpace(bound[0].AgreementId)) return $"the agreement of '{Shorten(provider)}' has no id";
        }

        return null;
    }

    /// <summary>The first problem of a task against its component's descriptor; null when it fits.</summary>
    public static string? Fit(ComputeTask task, ComponentDescriptor descriptor)
    {
        var where = $"task '{task.Id}' ({task.Component})";
        if (task.Parties.Count < descriptor.MinParties || task.Parties.Count > descriptor.MaxParties)
            return $"{where}: {task.Parties.Count} parties: expected {descriptor.MinParties} to {descriptor.MaxParties}";
        foreach (var party in task.Parties)
        {
            if (!descriptor.Roles.Contains(party.Role, StringComparer.Ordinal))
                return $"{where}: role '{Shorten(party.Role)}' is not one of the component's roles ({string.Join(", ", descriptor.Roles)})";
        }

        foreach (var (name, value) in task.Attributes)
        {
            var parameter = descriptor.Attributes.FirstOrDefault(a => a.Name == name);
            if (parameter is null) return $"{where}: attribute '{Shorten(name)}' is not one the component takes ({string.Join(", ", descriptor.Attributes.Select(a => a.Name))})";
            if (!HasType(value, parameter.Type)) return $"{where}: attribute '{name}' must be of type {parameter.Type}";
            if (parameter.AllowedValues is { Count: > 0 } allowed && value.ValueKind == JsonValueKind.String && !allowed.Contains(value.GetString()!, StringComparer.Ordinal))
                return $"{where}: attribute '{name}' is '{Shorten(value.GetString())}': expected one of {string.Join(", ", allowed)}";
        }

        foreach (var parameter in descriptor.Attributes.Where(a => a.Required && !task.Attributes.ContainsKey(a.Name)))
            return $"{where}: the required attribute '{parameter.Name}' is missing";
        foreach (var kind in task.Releases.Values.SelectMany(k => k).Where(k => !descriptor.Releases.Contains(k, StringComparer.Ordinal)))
            return $"{where}: release '{Shorten(kind)}' is not one the component can produce ({string.Join(", ", descriptor.Releases)})";
        return null;
    }

    /// <summary>The attributes with the descriptor's defaults filled in.</summary>
    public static IReadOnlyDictionary<string, JsonElement> WithDefaults(ComputeTask task, ComponentDescriptor descriptor)
    {
        var attributes = new Dictionary<string, JsonElement>(task.Attributes, StringComparer.Ordinal);
        foreach (var parameter in descriptor.Attributes)
        {
            if (!attributes.ContainsKey(parameter.Name) && parameter.Default is { } value) attributes[parameter.Name] = value;
        }

        return attributes;
    }

    private static string? Input(ComputeTaskInput input, bool isInitiator)
    {
        if (string.IsNullOrWhiteSpace(input.Reference) || input.Reference.Length > 1024) return "the input has no reference: expected an asset id or a file path";
        return input.Kind switch
        {
            ComputeTaskInput.Asset when string.IsNullOrWhiteSpace(input.AgreementId) => "an asset input names no agreement: expected the agreement it is used under",
            ComputeTaskInput.Asset => null,
            ComputeTaskInput.File when !isInitiator => "a provider's input must be its asset under the agreement, not a file",
            ComputeTaskInput.File => null,
            _ => $"input kind '{Shorten(input.Kind)}' is not known: expected '{ComputeTaskInput.Asset}' or '{ComputeTaskInput.File}'",
        };
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "string[]" => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
        _ => false,
    };

    private static bool IsToken(string? s)
        => !string.IsNullOrEmpty(s) && s.Length <= MaxIdLength && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    private static string Shorten(string? s) => s is null ? "(none)" : s.Length <= 80 ? s : s[..80] + "…";
}
