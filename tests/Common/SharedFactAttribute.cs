namespace Dataspace.Testing;

/// <summary>A fact that needs ../shared; skipped, saying why, where the folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (!RepositoryPaths.SharedExists)
        {
            Skip = $"../shared is absent ({RepositoryPaths.Shared}); this test reads the shared specification material.";
        }
    }
}

/// <summary>A theory that needs ../shared; skipped, saying why, where the folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (!RepositoryPaths.SharedExists)
        {
            Skip = $"../shared is absent ({RepositoryPaths.Shared}); this test reads the shared specification material.";
        }
    }
}
