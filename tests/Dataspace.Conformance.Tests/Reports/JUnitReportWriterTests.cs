using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Dataspace.Conformance.Reports;

namespace Dataspace.Conformance.Tests.Reports;

public sealed class JUnitReportWriterTests
{
    // The common JUnit schema (Apache Ant's format as published in the windyroad JUnit.xsd, which Jenkins and GitLab
    // accept), written out here so the test needs no network: the strictest of the usual readers.
    private const string JUnitSchema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified" attributeFormDefault="unqualified">
          <xs:element name="testsuites">
            <xs:complexType><xs:sequence>
              <xs:element name="testsuite" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType><xs:complexContent><xs:extension base="testsuite">
                  <xs:attribute name="package" type="xs:token" use="required"/>
                  <xs:attribute name="id" type="xs:int" use="required"/>
                </xs:extension></xs:complexContent></xs:complexType>
              </xs:element>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:complexType name="testsuite">
            <xs:sequence>
              <xs:element name="properties"><xs:complexType><xs:sequence>
                <xs:element name="property" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="name" use="required"><xs:simpleType><xs:restriction base="xs:token"><xs:minLength value="1"/></xs:restriction></xs:simpleType></xs:attribute>
                  <xs:attribute name="value" type="xs:string" use="required"/>
                </xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
              <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                <xs:choice minOccurs="0">
                  <xs:element name="error"><xs:complexType><xs:simpleContent><xs:extension base="pre-string">
                    <xs:attribute name="message" type="xs:string"/><xs:attribute name="type" type="xs:string" use="required"/>
                  </xs:extension></xs:simpleContent></xs:complexType></xs:element>
                  <xs:element name="failure"><xs:complexType><xs:simpleContent><xs:extension base="pre-string">
                    <xs:attribute name="message" type="xs:string"/><xs:attribute name="type" type="xs:string" use="required"/>
                  </xs:extension></xs:simpleContent></xs:complexType></xs:element>
                </xs:choice>
                <xs:attribute name="name" type="xs:token" use="required"/>
                <xs:attribute name="classname" type="xs:token" use="required"/>
                <xs:attribute name="time" type="xs:decimal" use="required"/>
              </xs:complexType></xs:element>
              <xs:element name="system-out" type="pre-string"/>
              <xs:element name="system-err" type="pre-string"/>
            </xs:sequence>
            <xs:attribute name="name" use="required"><xs:simpleType><xs:restriction base="xs:token"><xs:minLength value="1"/></xs:restriction></xs:simpleType></xs:attribute>
            <xs:attribute name="timestamp" use="required"><xs:simpleType><xs:restriction base="xs:dateTime">
              <xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"/></xs:restriction></xs:simpleType></xs:attribute>
            <xs:attribute name="hostname" use="required"><xs:simpleType><xs:restriction base="xs:token"><xs:minLength value="1"/></xs:restriction></xs:simpleType></xs:attribute>
            <xs:attribute name="tests" type="xs:int" use="required"/>
            <xs:attribute name="failures" type="xs:int" use="required"/>
            <xs:attribute name="errors" type="xs:int" use="required"/>
            <xs:attribute name="time" type="xs:decimal" use="required"/>
          </xs:complexType>
          <xs:simpleType name="pre-string"><xs:restriction base="xs:string"><xs:whiteSpace value="preserve"/></xs:restriction></xs:simpleType>
        </xs:schema>
        """;

    [Fact]
    public async Task Report_IsValidAgainstTheJUnitSchema()
    {
        var xml = await WriteAsync(await SampleRuns.MixedAsync());

        var schemas = new XmlSchemaSet();
        schemas.Add(null, XmlReader.Create(new StringReader(JUnitSchema)));
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity}: {e.Message}");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Schema_RejectsAReportMissingARequiredAttribute()
    {
        // Shows the schema above is strict enough to catch a writer mistake.
        var schemas = new XmlSchemaSet();
        schemas.Add(null, XmlReader.Create(new StringReader(JUnitSchema)));
        var document = XDocument.Parse("""<testsuites><testsuite name="x" package="p" id="0" timestamp="2026-11-23T18:00:00" tests="1" failures="0" errors="0" time="0.1"><properties/><testcase name="a" classname="c" time="0"/><system-out/><system-err/></testsuite></testsuites>""");
        var problems = new List<string>();
        document.Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.Contains(problems, p => p.Contains("hostname", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_HasASuitePerProfileAndACasePerCheckWithFailureAndErrorElements()
    {
        var document = XDocument.Parse(await WriteAsync(await SampleRuns.MixedAsync()));

        var suites = document.Root!.Elements("testsuite").ToList();
        Assert.Equal(["conformance.dsp", "conformance.robustness"], suites.Select(s => (string)s.Attribute("name")!));
        var dsp = suites[0];
        Assert.Equal(("2", "1", "0"), ((string)dsp.Attribute("tests")!, (string)dsp.Attribute("failures")!, (string)dsp.Attribute("errors")!));
        Assert.Equal("127.0.0.1", (string)dsp.Attribute("hostname")!);
        var cases = dsp.Elements("testcase").ToList();
        Assert.Equal("MET:01-01 sample MET:01-01 <name>", (string)cases[0].Attribute("name")!);
        Assert.Empty(cases[0].Elements());
        var failure = Assert.Single(cases[1].Elements("failure"));
        Assert.Equal("the target answered 500 to <CatalogRequestMessage> & \"quoted\" \uFFFD text, expected 200", (string)failure.Attribute("message")!);
        Assert.Contains("Verifies: what CAT:01-01 verifies", failure.Value, StringComparison.Ordinal);

        var robustness = suites[1];
        Assert.Equal(("1", "0", "1"), ((string)robustness.Attribute("tests")!, (string)robustness.Attribute("failures")!, (string)robustness.Attribute("errors")!));
        var error = Assert.Single(robustness.Elements("testcase").Single().Elements("error"));
        Assert.Equal("InvalidOperationException: the counter-party could not listen", (string)error.Attribute("message")!);
    }

    private static async Task<string> WriteAsync(ConformanceRunResult run)
    {
        using var stream = new MemoryStream();
        await JUnitReportWriter.WriteAsync(run, stream, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
