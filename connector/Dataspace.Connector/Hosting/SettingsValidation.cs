using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Dataspace.Connector.Hosting;

/// <summary>Checks a settings object's data annotations and says, for each failure, the configuration key, its value and what is allowed.</summary>
public static class SettingsValidation
{
    /// <summary>
    /// One line per failed rule, e.g. <c>Connector:Dsp:MaxDeliveryAttempts is 0: The field MaxDeliveryAttempts must be between 1 and 1000.</c>;
    /// empty when <paramref name="settings"/> is valid. Rules of an <see cref="IValidatableObject"/> run once the annotations pass.
    /// </summary>
    /// <param name="settings">The bound settings.</param>
    /// <param name="section">The configuration section they were bound from, e.g. <c>Connector:Dsp</c>.</param>
    public static IReadOnlyList<string> Validate(object settings, string section)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            return [];
        }

        return [.. results.Select(r => Describe(settings, section, r))];
    }

    private static string Describe(object settings, string section, ValidationResult result)
    {
        var message = result.ErrorMessage ?? "is not valid";
        var members = result.MemberNames.ToList();
        if (members.Count == 0 || message.StartsWith(section + ":", StringComparison.Ordinal))
        {
            // A rule that already names its key (an IValidatableObject's message) is kept as written.
            return message.StartsWith(section + ":", StringComparison.Ordinal) ? message : $"{section}: {message}";
        }

        var keys = string.Join(", ", members.Select(m => $"{section}:{m}"));
        // The value helps find the line; only numbers, flags and spans are shown, never text, which may be a secret.
        var value = members.Count == 1 ? settings.GetType().GetProperty(members[0])?.GetValue(settings) : null;
        return value is ValueType
            ? $"{keys} is {Convert.ToString(value, CultureInfo.InvariantCulture)}: {message}"
            : $"{keys}: {message}";
    }
}
