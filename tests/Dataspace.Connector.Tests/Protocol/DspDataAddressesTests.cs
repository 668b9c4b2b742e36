using Dataspace.Connector.Protocol.Dsp;
using DspAddress = Dataspace.Dsp.DataAddress;
using DspProperty = Dataspace.Dsp.EndpointProperty;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>Addresses EDC providers put in TransferStartMessage (an EDR) name their properties in EDC's namespace; we read them as ours.</summary>
public sealed class DspDataAddressesTests
{
    private const string Edc = "https://w3id.org/edc/v0.0.1/ns/";

    [Fact]
    public void ToSdk_EdcEdr_GivesEndpointAuthorizationAndAuthTypeUnderOurNames()
    {
        var address = new DspAddress
        {
            EndpointType = DspDataAddresses.HttpEndpointType,
            Endpoint = "http://127.0.0.1:9999/public",
            EndpointProperties =
            [
                new DspProperty { Name = Edc + "endpoint", Value = "http://127.0.0.1:9999/public" },
                new DspProperty { Name = Edc + "authorization", Value = "eyJ.token" },
                new DspProperty { Name = Edc + "authType", Value = "bearer" },
                new DspProperty { Name = "https://w3id.org/tractusx/auth/refreshToken", Value = "eyJ.refresh" },
            ],
        };

        var sdk = DspDataAddresses.ToSdk(address);

        Assert.Equal("http://127.0.0.1:9999/public", sdk.GetProperty("endpoint"));
        Assert.Equal("eyJ.token", sdk.GetProperty("authorization"));
        Assert.Equal("bearer", sdk.GetProperty("authType"));
        Assert.Equal("eyJ.refresh", sdk.GetProperty("https://w3id.org/tractusx/auth/refreshToken"));
        Assert.Null(sdk.GetProperty(Edc + "authorization"));
    }

    [Fact]
    public void ToSdk_OwnAndEdcNameBoth_KeepsOurs()
    {
        var address = new DspAddress
        {
            EndpointType = DspDataAddresses.HttpEndpointType,
            EndpointProperties =
            [
                new DspProperty { Name = "authorization", Value = "ours" },
                new DspProperty { Name = Edc + "authorization", Value = "edc" },
            ],
        };

        Assert.Equal("ours", DspDataAddresses.ToSdk(address).GetProperty("authorization"));
    }
}
