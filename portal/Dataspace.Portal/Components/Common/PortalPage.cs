using Dataspace.Connector.Client;
using Dataspace.Portal.Localization;
using Dataspace.Portal.Session;
using Microsoft.AspNetCore.Components;

namespace Dataspace.Portal.Components.Common;

/// <summary>
/// A page that talks to the connector: one place that turns the connector's refusals into the reason shown to the operator,
/// marks long calls as busy, and cancels calls still running when the operator leaves the page.
/// </summary>
public abstract class PortalPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _leaving = new();

    /// <summary>The texts in the operator's language.</summary>
    [CascadingParameter]
    public PortalTexts T { get; set; } = PortalTexts.English;

    /// <summary>The operator's connection to the connector.</summary>
    [Inject]
    public PortalConnection Connection { get; set; } = default!;

    /// <summary>What went wrong last, in the connector's words; null when the last call succeeded.</summary>
    protected string? Error { get; set; }

    /// <summary>What the last action achieved, for a status line.</summary>
    protected string? Status { get; set; }

    /// <summary>Whether a call is running.</summary>
    protected bool Busy { get; private set; }

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken Leaving => _leaving.Token;

    /// <summary>Runs <paramref name="action"/> with the operator's client; a refusal or an unreachable connector becomes <see cref="Error"/>.</summary>
    protected Task<bool> RunAsync(Func<ManagementClient, CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return CallAsync(async ct => await action(await Connection.GetClientAsync(), ct), T["The connector cannot be reached"], T["The connector did not answer in time"]);
    }

    /// <summary>
    /// Runs <paramref name="action"/> (a call to the connector or another service such as the authority); a refusal becomes
    /// <see cref="Error"/>, an unreachable service <paramref name="unreachable"/> and a timeout <paramref name="timedOut"/>.
    /// </summary>
    protected async Task<bool> CallAsync(Func<CancellationToken, Task> action, string unreachable, string timedOut)
    {
        ArgumentNullException.ThrowIfNull(action);
        Busy = true;
        Error = null;
        try
        {
            await action(_leaving.Token);
            return true;
        }
        catch (ManagementApiException e)
        {
            Error = e.StatusCode == 0 ? e.Detail : $"{e.Detail} ({(int)e.StatusCode} {e.Title})";
            return false;
        }
        catch (HttpRequestException e)
        {
            Error = unreachable + ": " + e.Message;
            return false;
        }
        catch (TaskCanceledException) when (!_leaving.IsCancellationRequested)
        {
            Error = timedOut;
            return false;
        }
        catch (OperationCanceledException) when (_leaving.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Cancels calls still running.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _leaving.Cancel();
            _leaving.Dispose();
        }
    }
}
