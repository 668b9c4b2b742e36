using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>Node Map Generation (JSON-LD 1.1 API, 7.2) and the Flattening algorithm (7.1) over it.</summary>
internal sealed class NodeMap
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _graphs = new(StringComparer.Ordinal) { [Keywords.Default] = new(StringComparer.Ordinal) };
    private readonly Dictionary<string, string> _blankNodes = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Flattens an expanded document (which this method consumes) into an array of node objects.</summary>
    public static JsonArray Flatten(JsonArray expanded)
    {
        var map = new NodeMap();
        map.Generate(expanded, Keywords.Default, null, null, null);
        var defaultGraph = map._graphs[Keywords.Default];
        foreach (var (graphName, graph) in map._graphs.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (graphName == Keywords.Default)
            {
                continue;
            }

            if (!defaultGraph.TryGetValue(graphName, out var entry))
            {
                entry = new JsonObject { [Keywords.Id] = graphName };
                defaultGraph[graphName] = entry;
            }

            var nodes = new JsonArray();
            foreach (var (_, node) in graph.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                if (!(node.Count == 1 && node.ContainsKey(Keywords.Id)))
                {
                    nodes.Add(node);
                }
            }

            entry[Keywords.Graph] = nodes;
        }

        var flattened = new JsonArray();
        foreach (var (_, node) in defaultGraph.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            if (!(node.Count == 1 && node.ContainsKey(Keywords.Id)))
            {
                flattened.Add(node);
            }
        }

        return flattened;
    }

    private string BlankNode(string? existing)
    {
        if (existing is not null && _blankNodes.TryGetValue(existing, out var known))
        {
            return known;
        }

        var id = "_:b" + _counter++;
        if (existing is not null)
        {
            _blankNodes[existing] = id;
        }

        return id;
    }

    private void Generate(JsonNode? element, string activeGraph, object? activeSubject, string? activeProperty, JsonObject? list)
    {
        if (element is JsonArray array)
        {
            foreach (var item in array.ToArray())
            {
                array.Remove(item);
                Generate(item, activeGraph, activeSubject, activeProperty, list);
            }

            return;
        }

        if (element is not JsonObject map)
        {
            return;
        }

        if (!_graphs.TryGetValue(activeGraph, out var graph))
        {
            graph = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            _graphs[activeGraph] = graph;
        }

        var subjectNode = activeSubject is string subjectId ? graph[subjectId] : null;
        if (map.TryGetPropertyValue(Keywords.Type, out var types) && types is JsonArray typeArray)
        {
            for (var i = 0; i < typeArray.Count; i++)
            {
                if (Json.TryString(typeArray[i], out var t) && Iri.IsBlankNode(t))
                {
                    typeArray[i] = BlankNode(t);
                }
            }
        }

        if (map.ContainsKey(Keywords.Value))
        {
            if (list is null)
            {
                AddUnique(subjectNode!, activeProperty!, map);
            }
            else
            {
                list[Keywords.List]!.AsArray().Add(map);
            }

            return;
        }

        if (map.TryGetPropertyValue(Keywords.List, out var listValue))
        {
            var result = new JsonObject { [Keywords.List] = new JsonArray() };
            map.Remove(Keywords.List);
            Generate(listValue, activeGraph, activeSubject, activeProperty, result);
            if (list is null)
            {
                Json.AddValue(subjectNode!, activeProperty!, result, asArray: true);
            }
            else
            {
                list[Keywords.List]!.AsArray().Add(result);
            }

            return;
        }

        GenerateNode(map, graph, activeGraph, activeSubject, subjectNode, activeProperty, list);
    }

    private void GenerateNode(JsonObject map, Dictionary<string, JsonObject> graph, string activeGraph, object? activeSubject, JsonObject? subjectNode, string? activeProperty, JsonObject? list)
    {
        string id;
        if (map.TryGetPropertyValue(Keywords.Id, out var idNode) && Json.TryString(idNode, out var given))
        {
            id = Iri.IsBlankNode(given) ? BlankNode(given) : given;
        }
        else
        {
            id = BlankNode(null);
        }

        map.Remove(Keywords.Id);
        if (!graph.TryGetValue(id, out var node))
        {
            node = new JsonObject { [Keywords.Id] = id };
            graph[id] = node;
        }

        if (activeSubject is JsonObject reverseSubject)
        {
            AddUnique(node, activeProperty!, reverseSubject.DeepClone());
        }
        else if (activeProperty is not null)
        {
            var reference = new JsonObject { [Keywords.Id] = id };
            if (list is null)
            {
                AddUnique(subjectNode!, activeProperty, reference);
            }
            else
            {
                list[Keywords.List]!.AsArray().Add(reference);
            }
        }

        if (map.TryGetPropertyValue(Keywords.Type, out var types))
        {
            map.Remove(Keywords.Type);
            foreach (var t in Json.AsArray(types).ToArray())
            {
                t?.Parent?.AsArray().Remove(t);
                AddUnique(node, Keywords.Type, t);
            }
        }

        if (map.TryGetPropertyValue(Keywords.Index, out var index))
        {
            map.Remove(Keywords.Index);
            if (node.TryGetPropertyValue(Keywords.Index, out var existing) && !JsonNode.DeepEquals(existing, index))
            {
                throw new JsonLdException(JsonLdErrorCode.ConflictingIndexes, $"The node {id} has two different @index values.");
            }

            node[Keywords.Index] = index;
        }

        if (map.TryGetPropertyValue(Keywords.Reverse, out var reverse) && reverse is JsonObject reverseMap)
        {
            map.Remove(Keywords.Reverse);
            var referenced = new JsonObject { [Keywords.Id] = id };
            foreach (var (property, values) in reverseMap.ToArray())
            {
                reverseMap.Remove(property);
                foreach (var value in Json.AsArray(values).ToArray())
                {
                    value?.Parent?.AsArray().Remove(value);
                    Generate(value, activeGraph, referenced, property, null);
                }
            }
        }

        if (map.TryGetPropertyValue(Keywords.Graph, out var graphValue))
        {
            map.Remove(Keywords.Graph);
            Generate(graphValue, id, null, null, null);
        }

        if (map.TryGetPropertyValue(Keywords.Included, out var included))
        {
            map.Remove(Keywords.Included);
            Generate(included, activeGraph, null, null, null);
        }

        foreach (var (key, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray())
        {
            map.Remove(key);
            var property = Iri.IsBlankNode(key) ? BlankNode(key) : key;
            if (!node.ContainsKey(property))
            {
                node[property] = new JsonArray();
            }

            Generate(value, activeGraph, id, property, null);
        }
    }

    private static void AddUnique(JsonObject node, string property, JsonNode? value)
    {
        if (node[property] is JsonArray existing)
        {
            foreach (var item in existing)
            {
                if (JsonNode.DeepEquals(item, value))
                {
                    return;
                }
            }

            existing.Add(value);
            return;
        }

        node[property] = new JsonArray(value);
    }
}
