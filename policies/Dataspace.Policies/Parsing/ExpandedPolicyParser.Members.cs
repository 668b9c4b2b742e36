using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;

namespace Dataspace.Policies.Parsing;

public static partial class ExpandedPolicyParser
{
    private sealed partial class Reader
    {
        private OdrlAsset? Asset(JsonObject node, string path)
        {
            var values = Values(node, Odrl.Target);
            if (values.Count == 0)
            {
                return null;
            }

            if (values.Count > 1)
            {
                Error($"{path}.target", "a rule or policy has at most one target; use an odrl:AssetCollection for several assets");
            }

            var (uid, isCollection, refinements) = Member(values[0], $"{path}.target", Odrl.AssetCollection);
            return uid is null ? null : new OdrlAsset(uid) { IsCollection = isCollection, Refinements = refinements };
        }

        private (string? Uid, bool IsCollection, IReadOnlyList<OdrlConstraint> Refinements) Member(JsonNode? value, string path, string collectionType)
        {
            if (value is not JsonObject node)
            {
                Error(path, "expected an IRI or an object");
                return (null, false, []);
            }

            CheckProperties(node, path, MemberProperties);
            var uid = Id(node) ?? SingleId(node, Odrl.Source, $"{path}.source", id => id) ?? SingleId(node, Odrl.Uid, $"{path}.uid", id => id);
            var refinements = Constraints(node, Odrl.Refinement, $"{path}.refinement");
            if (uid is null)
            {
                Error(path, "the asset or party has no identifier (@id, uid or source)");
            }

            return (uid, Types(node).Select(OdrlTerm).Contains(collectionType) || refinements.Count > 0, refinements);
        }

        private OdrlParty? Party(JsonObject node, string property, string path)
        {
            var values = Values(node, property);
            if (values.Count == 0)
            {
                return null;
            }

            if (values.Count > 1)
            {
                Error(path, "at most one party per role; use an odrl:PartyCollection for several parties");
            }

            var (uid, isCollection, refinements) = Member(values[0], path, Odrl.PartyCollection);
            return uid is null ? null : new OdrlParty(uid) { IsCollection = isCollection, Refinements = refinements };
        }
    }
}
