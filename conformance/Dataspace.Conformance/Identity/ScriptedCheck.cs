namespace Dataspace.Conformance.Identity;

/// <summary>A check whose body is a delegate, for profiles whose checks share one driver and differ in a few lines.</summary>
internal sealed class ScriptedCheck(string id, string name, string profile, string verifies, Func<CheckContext, CancellationToken, Task> run) : ConformanceCheck
{
    public override string Id => id;

    public override string Name => name;

    public override string Profile => profile;

    public override string Verifies => verifies;

    public override Task RunAsync(CheckContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
