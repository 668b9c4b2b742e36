using System.Xml.Linq;
using Dataspace.Sdk.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Host;

/// <summary>The ASP.NET data-protection key ring in the connector's data folder, its files owner-only whatever the umask.</summary>
internal sealed class PrivateKeyRingRepository : FileSystemXmlRepository
{
    public PrivateKeyRingRepository(DirectoryInfo directory, ILoggerFactory loggerFactory)
        : base(PrivateFiles.CreateFolder(directory.FullName), loggerFactory)
    {
    }

    public override void StoreElement(XElement element, string friendlyName)
    {
        base.StoreElement(element, friendlyName);
        // The base class writes with the process umask; a key file must not be readable by other users.
        PrivateFiles.RestrictTree(Directory.FullName);
    }
}
