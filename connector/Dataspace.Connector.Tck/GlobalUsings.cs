global using Dataspace.Sdk.Storage;
