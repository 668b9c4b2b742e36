namespace Dataspace.Sdk.Testing.Storage;

/// <summary>Framework-neutral checks: each throws <see cref="StoreContractException"/> naming what was expected.</summary>
internal static class Check
{
    public static void True(bool condition, string expectation)
    {
        if (!condition)
        {
            throw new StoreContractException(expectation);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new StoreContractException($"{what}: expected {expected?.ToString() ?? "null"}, got {actual?.ToString() ?? "null"}");
        }
    }

    public static T NotNull<T>(T? value, string what)
        where T : class =>
        value ?? throw new StoreContractException($"{what}: expected a value, got null");

    public static void Null<T>(T? value, string what)
        where T : class
    {
        if (value is not null)
        {
            throw new StoreContractException($"{what}: expected null, got {value}");
        }
    }

    public static void Sequence<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        if (!e.SequenceEqual(a))
        {
            throw new StoreContractException($"{what}: expected [{string.Join(", ", e)}], got [{string.Join(", ", a)}]");
        }
    }

    public static async Task<TException> ThrowsAsync<TException>(Func<Task> action, string what)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException e)
        {
            return e;
        }

        throw new StoreContractException($"{what}: expected {typeof(TException).Name}, nothing was thrown");
    }
}
