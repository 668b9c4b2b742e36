namespace Dataspace.Sdk.Metering;

/// <summary>One agreement's charge on a statement: the quantity used in the price's unit, times the unit price.</summary>
/// <param name="AgreementId">The agreement charged.</param>
/// <param name="Unit">The price's unit (see <c>PriceUnit</c>: perCall, perMB, perRow, perPeriod, perComputation).</param>
/// <param name="Quantity">How many units were used.</param>
/// <param name="UnitPrice">The price of one unit.</param>
/// <param name="Amount">Quantity times unit price, rounded to cents.</param>
public sealed record StatementLine(string AgreementId, string Unit, decimal Quantity, decimal UnitPrice, decimal Amount);
