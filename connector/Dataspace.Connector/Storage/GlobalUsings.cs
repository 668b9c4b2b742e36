// The stored records and store ports live in the SDK (plugins implement them); nearly every feature folder uses them.
global using Dataspace.Sdk.Storage;
