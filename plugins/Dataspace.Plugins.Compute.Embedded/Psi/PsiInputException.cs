namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>This party's own input is unusable (a row without the key column): the task ends with this reason.</summary>
internal sealed class PsiInputException : Exception
{
    public PsiInputException() : base("The PSI input is unusable.") { }

    public PsiInputException(string message) : base(message) { }

    public PsiInputException(string message, Exception innerException) : base(message, innerException) { }
}
